"""Swedish text for each demo municipality's home page, privacy notice and accessibility
statement, filled in with the municipality's own name, contacts and retention time.

Written for this demo; the municipality's own texts replace them in a real installation.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

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
    accessibility_contact: str  # where the statement's feedback form sends messages
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
    """The statement's own fields (AccessibilityStatementPage); who stands behind the site and
    where feedback goes come from the municipality's settings."""
    today = timezone.localdate()
    return {
        "title": "Tillgänglighetsredogörelse",
        "slug": "tillganglighet",
        "intro": (
            f"Har du svårt att boka här? Mejla {facts.contact_email} eller ring "
            f"{facts.contact_phone}, så bokar vi åt dig."
        ),
        "compliance": "partial",
        "shortcomings": [
            (
                "shortcoming",
                {
                    "description": (
                        "Kalenderinbjudan som följer med bokningsbekräftelsen är inte testad "
                        "med alla kalenderprogram och skärmläsare. Samma tider och platser "
                        "står alltid i mejlet och på din bokningssida."
                    ),
                    "reason": "not_fixed",
                    "explanation": "",
                    "planned_fix": today + timedelta(days=120),
                },
            ),
            (
                "shortcoming",
                {
                    "description": (
                        "Länkar till Region Sörmlands, föreningars och andra myndigheters "
                        "webbplatser."
                    ),
                    "reason": "out_of_scope",
                    "explanation": (
                        "Innehåll som andra tar fram och som kommunen varken betalar för "
                        "eller styr över omfattas inte av lagen."
                    ),
                    "planned_fix": None,
                },
            ),
        ],
        "assessment_method": "self",
        "assessed_on": today - timedelta(days=30),
        "body": (
            "<h2>Lättläst och andra språk</h2>"
            f"<p>{facts.name} vill att alla föräldrar ska kunna hitta stöd. Varje program har "
            "en kort sammanfattning på lättläst svenska, och vissa kurser går på andra språk "
            "eller med tolk.</p>"
            "<h2>Så testar vi</h2>"
            "<p>Vi testar webbplatsen löpande med automatiska verktyg, med bara tangentbord och "
            "med skärmläsare, på mobil och dator.</p>"
        ),
    }
