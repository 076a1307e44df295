"""Swedish text and facts for Sollentuna's three demo program pages, venues and contacts.

Written for this demo: the places, people and addresses are made up (the phone numbers are
from the range reserved for fiction, the e-mail addresses at example.org). The slugs differ
from Gnesta's so that a program is found by its slug alone across the install.
"""

from programs.models import ProgramKind

from .blocks import heading, paragraph, question, stream

KOMET = {
    "title": "KOMET för föräldrar till barn 3–11 år",
    "slug": "komet-barn-3-11",
    "kind": ProgramKind.COURSE,
    "audience": "Föräldrar till barn 3–11 år",
    "child_age_min": 3,
    "child_age_max": 11,
    "languages": ["sv"],
    "venue": "tureberg",
    "contact": "foraldrastod",
    "intro": (
        "Tio kvällar för dig som vill ha färre konflikter hemma och mer tid till det som är "
        "roligt med ditt barn."
    ),
    "easy_read_summary": (
        "KOMET är en kurs för föräldrar. Ditt barn är 3 till 11 år. Det blir ofta bråk "
        "hemma. På kursen får du verktyg för att göra vardagen lugnare. Kursen är 10 "
        "kvällar, en kväll i veckan. Den är gratis."
    ),
    "body": stream(
        heading("Vad händer på kursen?"),
        paragraph(
            "<p>Ni är högst sex familjer och träffas på tisdagskvällar med två gruppledare "
            "från kommunens familjestöd. Varje kväll börjar med hur veckan har gått och "
            "fortsätter med ett nytt tema: att ge beröm som märks, att säga till så att barnet "
            "lyssnar och att hantera tjat och utbrott.</p>"
        ),
        paragraph(
            "<p>Mellan träffarna provar du något litet hemma. Du behöver inte berätta mer om "
            "din familj än du själv vill.</p>"
        ),
        heading("Praktiskt"),
        paragraph(
            "<p>Kursen hålls på Familjecentralen Tureberg, nära pendeltåget. Vi bjuder på "
            "kvällsfika. Blir kursen full kan du ställa dig i kö: får du en plats har du två "
            "dygn på dig att tacka ja.</p>"
        ),
        question(
            "Kan vi gå två från samma familj?",
            "<p>Ja. En bokning gäller ett hushåll och högst två vuxna.</p>",
        ),
        question(
            "Kostar det något?",
            "<p>Nej, kursen är gratis.</p>",
        ),
    ),
}

NPF_MEETUP = {
    "title": "Föräldraträff NPF",
    "slug": "foraldratraff-npf",
    "kind": ProgramKind.MEETUP,
    "audience": "Föräldrar till barn och unga med ADHD, autism eller annan NPF",
    "child_age_min": 0,
    "child_age_max": 20,
    "languages": ["sv"],
    "venue": "edsberg",
    "contact": "npf",
    "intro": (
        "En kväll i månaden att prata med andra föräldrar som känner igen sig, med ett nytt "
        "tema varje gång."
    ),
    "easy_read_summary": (
        "Har ditt barn ADHD, autism eller liknande svårigheter? Då kan du komma till "
        "föräldraträffen. Du träffar andra föräldrar och ni pratar om vardagen. Träffen är en "
        "kväll i månaden. Du bokar en träff i taget. Det är gratis."
    ),
    "body": stream(
        heading("Så går en träff till"),
        paragraph(
            "<p>Vi börjar med kaffe och en kort runda. Sedan pratar vi om kvällens tema, till "
            "exempel skolfrånvaro, skärmtid, syskon eller hur man får ihop vardagen. Ibland "
            "kommer en gäst från skolan eller habiliteringen.</p>"
        ),
        paragraph(
            "<p>Du kan komma en gång eller varje månad. Det som sägs på träffen stannar i "
            "rummet.</p>"
        ),
        question(
            "Behöver mitt barn ha en diagnos?",
            "<p>Nej. Du är välkommen oavsett om ditt barn är utrett eller inte, och vi frågar "
            "aldrig om diagnos.</p>",
        ),
        question(
            "Vad sparas om mig när jag bokar?",
            "<p>Bara det vi behöver för att planera kvällen: namn, e-post och hur många ni "
            'blir. Läs mer på sidan <a href="/personuppgifter/">Personuppgifter</a>.</p>',
        ),
    ),
}

ABC = {
    "title": "ABC – Alla Barn i Centrum",
    "slug": "abc-alla-barn-i-centrum",
    "kind": ProgramKind.COURSE,
    "audience": "Föräldrar till barn 3–12 år",
    "child_age_min": 3,
    "child_age_max": 12,
    "languages": ["sv", "en"],
    "venue": "tureberg",
    "contact": "foraldrastod",
    "intro": (
        "Fyra kvällar om att stärka relationen till ditt barn och göra vardagen lite "
        "lättare, för alla föräldrar."
    ),
    "easy_read_summary": (
        "ABC är en kurs för alla föräldrar. Ditt barn är 3 till 12 år. Ni pratar om att visa "
        "kärlek, vara med, visa vägen och välja strider. Kursen är fyra kvällar. Den är "
        "gratis. Gruppledarna talar svenska och engelska."
    ),
    "body": stream(
        heading("Fyra teman"),
        paragraph(
            "<p>Varje kväll har ett tema: att visa kärlek, att vara med, att visa vägen och "
            "att välja sina strider. Ni ser korta filmer, pratar i gruppen och får en sak att "
            "prova hemma till nästa gång.</p>"
        ),
        paragraph(
            "<p>Kursen passar alla föräldrar, också de som inte har några särskilda problem "
            "hemma. Gruppledarna kan ta frågor på engelska.</p>"
        ),
        question(
            "Vad händer om jag missar en kväll?",
            "<p>Säg till gruppledarna, så får du veta vad ni gick igenom.</p>",
        ),
        question(
            "Kan jag ta med barnen?",
            "<p>Kursen är för vuxna. Behöver du barnpassning under kvällen kan du skriva det "
            "när du bokar.</p>",
        ),
    ),
}

PROGRAMS = [KOMET, NPF_MEETUP, ABC]

VENUES = {
    "tureberg": {
        "name": "Familjecentralen Tureberg",
        "street_address": "Turebergsvägen 12",
        "postal_code": "191 47",
        "city": "Sollentuna",
        "directions": "Fem minuter från Sollentuna station. Ingång från parkeringen på baksidan.",
        "is_accessible": True,
        "has_hearing_loop": True,
    },
    "edsberg": {
        "name": "Träffpunkt Edsberg",
        "street_address": "Edsbergsvägen 4",
        "postal_code": "192 68",
        "city": "Sollentuna",
        "directions": "Buss till Edsbergs centrum. Lokalen ligger i entréplan.",
        "is_accessible": True,
        "has_hearing_loop": False,
    },
}

CONTACTS = {
    "foraldrastod": {
        "name": "Amra Kovač",
        "role": "Familjebehandlare, föräldrastöd",
        "email": "foraldrastod.sollentuna@example.org",
        "phone": "070-174 06 60",
    },
    "npf": {
        "name": "Henrik Solberg",
        "role": "Samordnare för NPF-träffarna",
        "email": "npf.sollentuna@example.org",
        "phone": "070-174 06 61",
    },
}
