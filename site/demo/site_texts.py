"""Swedish text for each demo municipality's home page, privacy notice and accessibility
statement, filled in with the municipality's own name, contact and retention time.

Written for this demo; the municipality's own texts replace them in a real installation.
"""

from dataclasses import dataclass

from .blocks import heading, paragraph, question, stream


@dataclass(frozen=True)
class MunicipalityFacts:
    """What the standard pages say about one municipality."""

    name: str  # "Gnesta kommun"
    home_slug: str
    data_controller: str  # "Socialnämnden i Gnesta kommun"
    contact_email: str
    contact_phone: str  # from the numbers reserved for fiction (070-174 06 05 to 99)
    privacy_contact: str
    retention_days: int


def home(facts: MunicipalityFacts) -> dict:
    return {
        "title": f"Föräldrastöd i {facts.name}",
        "slug": facts.home_slug,
        "intro": (
            "Här hittar du kurser, träffar och föräldrakvällar för dig som är förälder eller "
            "en annan viktig vuxen i ett barns liv. Allt är kostnadsfritt och du bokar din "
            "plats här."
        ),
        "body": stream(
            heading("Så bokar du"),
            paragraph(
                "<p>Välj ett program och se när det går och om det finns platser kvar. Du bokar "
                "med din e-postadress och får en bekräftelse med en kalenderinbjudan. Är det "
                "fullt kan du ofta ställa dig i kö, så hör vi av oss när en plats blir "
                "ledig.</p>"
            ),
            question(
                "Kostar det något?",
                "<p>Nej. Kommunens föräldrastöd är kostnadsfritt.</p>",
            ),
            question(
                "Hur avbokar jag?",
                "<p>I mejlet du får när du bokar finns en länk där du kan avboka. Du kan också "
                "logga in med en kod som vi skickar till din e-post och se alla dina "
                "bokningar.</p>",
            ),
            question(
                "Vem kan jag fråga?",
                f'<p>Skriv till <a href="mailto:{facts.contact_email}">{facts.contact_email}</a> '
                f"eller ring {facts.contact_phone}, så hjälper vi dig att hitta rätt.</p>",
            ),
        ),
    }


PROGRAM_INDEX = {
    "title": "Kurser och träffar för föräldrar",
    "slug": "program",
    "intro": (
        "Välj efter barnets ålder, språk eller typ av program. Kurser går flera gånger i rad; "
        "träffar och föräldrakvällar bokar du en i taget."
    ),
}


def privacy(facts: MunicipalityFacts) -> dict:
    return {
        "title": "Personuppgifter",
        "slug": "personuppgifter",
        "intro": "Så hanterar vi uppgifterna du lämnar när du bokar en plats.",
        "body": (
            "<h2>Vem ansvarar för uppgifterna?</h2>"
            f"<p>{facts.data_controller} är personuppgiftsansvarig för uppgifterna i "
            f"bokningarna. Kommunens dataskyddsombud når du på {facts.privacy_contact}.</p>"
            "<h2>Vilka uppgifter sparar vi?</h2>"
            "<ul>"
            "<li>Namn och e-postadress, och telefonnummer om du väljer att lämna det.</li>"
            "<li>Hur många vuxna som kommer och barnets åldersgrupp.</li>"
            "<li>Behov du själv väljer att ange: tolk, barnpassning eller tillgänglighet.</li>"
            "<li>Om du har kommit till träffarna.</li>"
            "</ul>"
            "<p>Vi frågar aldrig efter personnummer eller diagnos. Att du bokar en viss grupp "
            "kan ändå säga något om din familj, till exempel en träff för föräldrar till barn "
            "med NPF. Därför ser bara de som leder gruppen din bokning.</p>"
            "<h2>Varför?</h2>"
            "<p>Vi använder uppgifterna för att kunna genomföra gruppen: hålla ordning på "
            "platser och kö, skicka bekräftelse, kalenderinbjudan och besked om ändringar, och "
            "ordna tolk eller barnpassning. Den rättsliga grunden är att kommunen utför en "
            "uppgift av allmänt intresse när den erbjuder föräldrastöd.</p>"
            "<h2>Hur länge?</h2>"
            f"<p>Uppgifterna raderas eller avidentifieras {facts.retention_days} dagar efter "
            "gruppens sista träff. Kvar blir bara antal, till exempel hur många som kom, för "
            "kommunens statistik.</p>"
            "<h2>Dina rättigheter</h2>"
            "<p>Du har rätt att få veta vilka uppgifter vi har om dig, att få fel rättade och "
            "att få uppgifterna raderade eller begränsade. Du kan också invända mot "
            "behandlingen. Du kan när som helst avboka. Är du inte nöjd med hur vi hanterar "
            "dina uppgifter kan du klaga hos Integritetsskyddsmyndigheten (IMY).</p>"
            "<h2>Kakor</h2>"
            "<p>Webbplatsen använder bara de kakor som behövs för att den ska fungera, till "
            "exempel för inloggning och för att komma ihåg vilket språk du valt.</p>"
        ),
    }


def accessibility(facts: MunicipalityFacts) -> dict:
    return {
        "title": "Tillgänglighetsredogörelse",
        "slug": "tillganglighet",
        "intro": (
            f"{facts.name} står bakom den här webbplatsen. Vi vill att så många som möjligt "
            "ska kunna använda den, oavsett hur man läser, hör eller navigerar."
        ),
        "body": (
            "<h2>Hur tillgänglig är webbplatsen?</h2>"
            "<p>Målet är att webbplatsen ska uppfylla WCAG 2.1 på nivå AA. Den är ny och vi "
            "testar den löpande med automatiska verktyg, tangentbord och skärmläsare, men den "
            "har ännu inte granskats av någon utomstående. Brister vi hittar redovisar vi "
            "här.</p>"
            "<h2>Lättläst och andra språk</h2>"
            "<p>Varje program har en kort sammanfattning på lättläst svenska. Webbplatsen finns "
            "på svenska och engelska, och vissa kurser går på andra språk eller med tolk.</p>"
            "<h2>Om något inte fungerar för dig</h2>"
            f"<p>Mejla {facts.contact_email} eller ring {facts.contact_phone}, så hjälper vi "
            "dig att boka på ett annat sätt och rättar felet så snart vi kan.</p>"
            "<h2>Tillsyn</h2>"
            "<p>Myndigheten för digital förvaltning (Digg) har tillsyn över lagen om "
            "tillgänglighet till digital offentlig service. Är du inte nöjd med hur vi tar "
            "hand om dina synpunkter kan du anmäla det till Digg.</p>"
        ),
    }
