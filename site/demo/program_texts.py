"""Swedish text and facts for the demo's five program pages (written for this demo)."""

from programs.models import ProgramKind

from .blocks import heading, paragraph, question, stream

KOMET_3_11 = {
    "title": "KOMET 3–11",
    "slug": "komet-3-11",
    "kind": ProgramKind.COURSE,
    "audience": "Föräldrar till barn 3–11 år",
    "child_age_min": 3,
    "child_age_max": 11,
    "languages": ["sv"],
    "venue": "familjecentralen",
    "contact": "samordnare",
    "intro": (
        "En kurs för dig som ofta hamnar i bråk med ditt barn och vill hitta lugnare sätt "
        "att klara vardagen tillsammans."
    ),
    "easy_read_summary": (
        "KOMET är en kurs för föräldrar. Ditt barn är 3 till 11 år. Ni bråkar ofta hemma. "
        "På kursen lär du dig nya sätt att prata med ditt barn. Kursen är 11 kvällar, "
        "en kväll i veckan. Kursen är gratis."
    ),
    "body": stream(
        heading("Vad händer på kursen?"),
        paragraph(
            "<p>I elva veckor träffas en liten grupp föräldrar tillsammans med två utbildade "
            "gruppledare. Varje kväll har ett tema, till exempel att ge tydliga besked, att "
            "lägga märke till det som fungerar och att ta sig igenom ett utbrott utan att "
            "konflikten växer.</p>"
        ),
        paragraph(
            "<p>Ni provar övningarna i gruppen och sedan hemma mellan träffarna. Små "
            "förändringar i vardagen kan göra stor skillnad. Du behöver inga förkunskaper "
            "och du bestämmer själv hur mycket du berättar om din familj.</p>"
        ),
        heading("Praktiskt"),
        paragraph(
            "<p>Kursen går på torsdagar klockan 18.00–20.30 på Familjecentralen. Vi bjuder "
            "på fika. Det är bra om barnets vuxna kan gå tillsammans, men det går lika bra "
            "att komma ensam.</p>"
        ),
        question(
            "Måste båda föräldrarna gå?",
            "<p>Nej. En bokning gäller ett hushåll och högst två vuxna. Många går ensamma.</p>",
        ),
        question(
            "Vad händer om jag missar en kväll?",
            "<p>Säg till gruppledarna, så berättar de vad ni gick igenom. Du fortsätter "
            "kursen som vanligt.</p>",
        ),
    ),
}

KOMET_12_18 = {
    "title": "KOMET 12–18",
    "slug": "komet-12-18",
    "kind": ProgramKind.COURSE,
    "audience": "Föräldrar till tonåringar 12–18 år",
    "child_age_min": 12,
    "child_age_max": 18,
    "languages": ["sv"],
    "venue": "familjecentralen",
    "contact": "samordnare",
    "intro": (
        "För dig som är förälder till en tonåring och vill bråka mindre och behålla "
        "kontakten när ditt barn blir mer självständigt."
    ),
    "easy_read_summary": (
        "Det här är en kurs för föräldrar. Ditt barn är 12 till 18 år. Kursen handlar om "
        "att bråka mindre och prata mer. Ni träffas nio kvällar, en kväll i veckan. "
        "Kursen är gratis. Om kursen är full kan du ställa dig i kö."
    ),
    "body": stream(
        heading("Om kursen"),
        paragraph(
            "<p>I tonåren förhandlar många familjer om regler, ansvar och förtroende. På "
            "kursen pratar vi om gränser som håller, om hur ni kan komma överens om tider "
            "och skärmar, och om hur du kan vara en trygg vuxen även när det blåser.</p>"
        ),
        paragraph(
            "<p>Gruppen är liten, högst sex familjer, och leds av två utbildade "
            "gruppledare. Mellan träffarna provar du något litet hemma och berättar nästa "
            "gång hur det gick.</p>"
        ),
        heading("Kö till kursen"),
        paragraph(
            "<p>När kursen är fullbokad kan du ställa dig i kö. Blir en plats ledig får du "
            "ett mejl och har 48 timmar på dig att tacka ja.</p>"
        ),
        question(
            "Ska min tonåring också vara med?",
            "<p>Nej, kursen är bara för föräldrar.</p>",
        ),
        question(
            "Kan vi komma två?",
            "<p>Ja. En bokning gäller ett hushåll och högst två vuxna.</p>",
        ),
    ),
}

NPF_MEETUPS = {
    "title": "Träffar för föräldrar till barn med NPF",
    "slug": "traffar-npf",
    "kind": ProgramKind.MEETUP,
    "audience": "Föräldrar till barn och unga 0–21 år med ADHD, autism eller annan NPF",
    "child_age_min": 0,
    "child_age_max": 21,
    "languages": ["sv"],
    "venue": "traffpunkten",
    "contact": "npf",
    "intro": (
        "En kväll i månaden för dig som är förälder till ett barn eller en ung vuxen med "
        "ADHD, autism eller en annan neuropsykiatrisk funktionsnedsättning."
    ),
    "easy_read_summary": (
        "Har ditt barn ADHD, autism eller liknande svårigheter? Då kan du komma till våra "
        "träffar. Där träffar du andra föräldrar. Ni pratar om det som är svårt och det som "
        "fungerar. Träffarna är en gång i månaden. Du bokar en träff i taget. Det är gratis."
    ),
    "body": stream(
        heading("Så går en träff till"),
        paragraph(
            "<p>Varje träff har ett tema, till exempel skolan, sömn, syskon eller hur man "
            "orkar som förälder. Ibland kommer en gäst och berättar om sitt arbete, ibland "
            "samtalar vi bara. Det som sägs på träffen stannar i rummet.</p>"
        ),
        paragraph(
            "<p>Du kan komma en gång eller varje månad. Boka den kväll som passar dig. Ni "
            "får gärna vara två vuxna från samma familj.</p>"
        ),
        question(
            "Behöver mitt barn ha en diagnos?",
            "<p>Nej. Träffarna är öppna för dig som upplever att ditt barn har sådana "
            "svårigheter, med eller utan utredning. Vi frågar aldrig om diagnos.</p>",
        ),
        question(
            "Vad sparas om mig när jag bokar?",
            "<p>Bara det vi behöver för att planera kvällen: namn, e-post och hur många ni "
            'blir. Läs mer på sidan <a href="/personuppgifter/">Personuppgifter</a>.</p>',
        ),
    ),
}

ANDT_EVENING = {
    "title": "Föräldrakväll om alkohol, tobak och droger",
    "slug": "foraldrakvall-andt",
    "kind": ProgramKind.EVENT,
    "audience": "Föräldrar till elever i årskurs 7–9",
    "child_age_min": 13,
    "child_age_max": 15,
    "languages": ["sv"],
    "venue": "aulan",
    "contact": "andt",
    "intro": (
        "En kväll för föräldrar till elever i årskurs 7–9 om hur du kan prata med ditt barn "
        "om alkohol, tobak, nikotin och droger, med talare från skolan, fritidsgården och "
        "socialtjänsten."
    ),
    "easy_read_summary": (
        "Det här är en kväll för föräldrar. Ditt barn går i årskurs 7, 8 eller 9. Vi pratar "
        "om alkohol, tobak och droger. Du får tips om hur du kan prata med ditt barn om det. "
        "Kvällen är två timmar. Det är gratis. Boka plats innan du kommer."
    ),
    "body": stream(
        heading("Kvällens innehåll"),
        paragraph(
            "<p>Vi börjar med en kort bild av hur unga i kommunen har det. Sedan berättar "
            "personal från skolan, fritidsgården och socialtjänsten vad de ser och vad som "
            "hjälper. Efter en paus pratar vi i mindre grupper om gränser och om hur man tar "
            "upp svåra saker hemma.</p>"
        ),
        paragraph(
            "<p>Det du som förälder säger och gör spelar roll, även när det känns som att "
            "tonåringen inte lyssnar. Du går hem med konkreta tips och med namn på personer "
            "du kan höra av dig till.</p>"
        ),
        question(
            "Kan jag ta med mitt barn?",
            "<p>Kvällen är för vuxna. Ta gärna med en annan vuxen från familjen; en bokning "
            "gäller högst två personer.</p>",
        ),
        question(
            "Måste jag säga något i grupperna?",
            "<p>Nej. Du får lyssna så mycket du vill.</p>",
        ),
    ),
}

PARENTING_IN_SWEDEN = {
    "title": "Föräldraskap i Sverige",
    "slug": "foraldraskap-i-sverige",
    "kind": ProgramKind.COURSE,
    "audience": "Föräldrar som är nya i Sverige, med barn 0–18 år",
    "child_age_min": 0,
    "child_age_max": 18,
    "languages": ["ar", "so", "prs"],
    "venue": "familjecentralen",
    "contact": "samordnare",
    "intro": (
        "Fem träffar för dig som är ny i Sverige och vill veta mer om barns vardag, skolan "
        "och samhällets stöd. Träffarna hålls på arabiska, somaliska och dari."
    ),
    "easy_read_summary": (
        "Är du ny i Sverige och har barn? Då kan du gå den här kursen. Du får veta hur skolan "
        "fungerar och vilka regler som gäller för barn i Sverige. Du kan ställa frågor. "
        "Kursen är på arabiska, somaliska och dari. Den är fem träffar. Det är gratis."
    ),
    "body": stream(
        heading("Vad vi pratar om"),
        paragraph(
            "<p>Varje träff har ett tema: barns rättigheter och föräldrars ansvar, förskola "
            "och skola, hälsa och vård, tonåren, och var du kan få hjälp i kommunen. Du får "
            "höra hur andra föräldrar gör och kan jämföra med hur det var där du kommer från.</p>"
        ),
        paragraph(
            "<p>Gruppledarna talar ditt språk eller arbetar tillsammans med en tolk. Behöver "
            "du barnpassning under träffen kan du skriva det när du bokar.</p>"
        ),
        question(
            "När kan jag boka?",
            "<p>Bokningen öppnar snart. Datum och tid står under tillfällena längre ner.</p>",
        ),
        question(
            "Berättar tolken vidare det jag säger?",
            "<p>Nej. Tolkar har tystnadsplikt, precis som gruppledarna.</p>",
        ),
    ),
}

PROGRAMS = [KOMET_3_11, KOMET_12_18, NPF_MEETUPS, ANDT_EVENING, PARENTING_IN_SWEDEN]

LANGUAGES = [
    ("sv", "Svenska"),
    ("ar", "Arabiska"),
    ("so", "Somaliska"),
    ("prs", "Dari"),
    ("ti", "Tigrinja"),
    ("en", "Engelska"),
]

VENUES = {
    "familjecentralen": {
        "name": "Familjecentralen",
        "street_address": "Storgatan 10",
        "postal_code": "646 30",
        "city": "Gnesta",
        "directions": "Ingång från gården. Parkering finns bakom huset.",
        "is_accessible": True,
        "has_hearing_loop": True,
    },
    "traffpunkten": {
        "name": "Träffpunkten",
        "street_address": "Föreningsgatan 3",
        "postal_code": "646 31",
        "city": "Gnesta",
        "directions": "Fem minuters promenad från stationen. Lokalen ligger en trappa upp; "
        "hiss finns.",
        "is_accessible": True,
        "has_hearing_loop": False,
    },
    "aulan": {
        "name": "Aulan i högstadieskolan",
        "street_address": "Skolvägen 5",
        "postal_code": "646 32",
        "city": "Gnesta",
        "directions": "Gå in genom huvudentrén; skyltar visar vägen till aulan.",
        "is_accessible": True,
        "has_hearing_loop": True,
    },
}

CONTACTS = {
    "samordnare": {
        "name": "Sara Lind",
        "role": "Samordnare för föräldrastöd",
        "email": "foraldrastod@example.org",
        "phone": "070-174 06 50",
    },
    "npf": {
        "name": "Johan Ek",
        "role": "Samordnare för NPF-träffarna",
        "email": "npf-traffar@example.org",
        "phone": "070-174 06 51",
    },
    "andt": {
        "name": "Maria Berg",
        "role": "Samordnare för förebyggande arbete (ANDT)",
        "email": "andt@example.org",
        "phone": "070-174 06 52",
    },
}
