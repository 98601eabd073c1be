"""The sources the rules cite, once each, with the URLs recorded in the clinical reference (REFERENCE.md)."""

from __future__ import annotations

from clinic_desktop.clinical.rules.model import Source

_MCNAB = "McNab J. The lines of connection between mental health and opioid addiction, 1 Aug 2025"


def mcnab(section: str) -> Source:
    """The founding article, by section. No public URL was recorded for it, so the URL is left empty."""
    return Source(f"{_MCNAB}: {section}")


MCNAB_COMORBIDITY_TABLE = "table 'Common psychiatric comorbidities in opioid use disorder'"


def mcnab_table_row(row: str) -> Source:
    return mcnab(f"{MCNAB_COMORBIDITY_TABLE}, {row} row")


NICE_NG225 = Source(
    "NICE NG225 Self-harm: assessment, management and preventing recurrence (2022)",
    "https://www.nice.org.uk/guidance/ng225",
)
PHQ_SCORING = Source("PHQ-9 instructions and scoring (PHQ Screeners)", "https://www.phqscreeners.com")
MHRA_BENZODIAZEPINES_OPIOIDS = Source(
    "MHRA Drug Safety Update, March 2020: benzodiazepines and opioids, fatal respiratory depression",
    "https://www.gov.uk/drug-safety-update/benzodiazepines-and-opioids-reminder-of-risk-of-potentially-"
    "fatal-respiratory-depression",
)
BNF_PARACETAMOL = Source("BNF: paracetamol, adult dosing", "https://bnf.nice.org.uk/drugs/paracetamol/")
NICE_TA114 = Source(
    "NICE TA114 Methadone and buprenorphine for the management of opioid dependence",
    "https://www.nice.org.uk/guidance/TA114/chapter/1-Guidance",
)
ORANGE_BOOK = Source(
    "Drug misuse and dependence: UK guidelines on clinical management (Orange Book, 2017)",
    "https://www.gov.uk/government/publications/drug-misuse-and-dependence-uk-guidelines-on-clinical-management",
)
DSM5_CRITERIA = Source(
    "DSM-5 opioid use disorder criteria (table)",
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC6590307/table/ajad12862-tbl-0001",
)
OPIOIDS_AWARE = Source(
    "Faculty of Pain Medicine, Opioids Aware: key messages", "https://fpm.ac.uk/opioids-aware"
)
OPIOIDS_AWARE_EQUIVALENTS = Source(
    "Faculty of Pain Medicine, Opioids Aware: dose equivalents and changing opioids (reviewed Aug 2020)",
    "https://fpm.ac.uk/opioids-aware-structured-approach-opioid-prescribing/dose-equivalents-and-changing-opioids",
)
MHRA_GABAPENTINOIDS_2019 = Source(
    "MHRA Drug Safety Update, April 2019: pregabalin and gabapentin, abuse and dependence",
    "https://gov.uk/drug-safety-update/pregabalin-lyrica-gabapentin-neurontin-and-risk-of-abuse-and-"
    "dependence-new-scheduling-requirements-from-1-april",
)
MHRA_PREGABALIN_2021 = Source(
    "MHRA Drug Safety Update, February 2021: pregabalin, severe respiratory depression",
    "https://gov.uk/drug-safety-update/pregabalin-lyrica-reports-of-severe-respiratory-depression",
)
MHRA_OPIOID_DEPENDENCE_2020 = Source(
    "MHRA Drug Safety Update, September 2020: opioids, risk of dependence and addiction",
    "https://www.gov.uk/drug-safety-update/opioids-risk-of-dependence-and-addiction",
)
NICE_NG193 = Source(
    "NICE NG193 Chronic pain (primary and secondary) in over 16s (2021)",
    "https://www.nice.org.uk/guidance/ng193",
)
NICE_NG222 = Source("NICE NG222 Depression in adults (2022)", "https://www.nice.org.uk/guidance/ng222")
NICE_CG113 = Source(
    "NICE CG113 Generalised anxiety disorder and panic disorder in adults",
    "https://www.nice.org.uk/guidance/cg113",
)
NICE_NG116 = Source(
    "NICE NG116 Post-traumatic stress disorder (2018)", "https://www.nice.org.uk/guidance/ng116"
)
NICE_NG215 = Source(
    "NICE NG215 Medicines associated with dependence or withdrawal symptoms (2022)",
    "https://www.nice.org.uk/guidance/ng215",
)
CDC_2022_NALOXONE = Source(
    "CDC Clinical Practice Guideline for Prescribing Opioids for Pain 2022, recommendation 8 (US comparator)",
    "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm",
)
MHRA_CITALOPRAM_QT = Source(
    "MHRA Drug Safety Update, December 2011: citalopram and escitalopram, QT interval prolongation",
    "https://www.gov.uk/drug-safety-update/citalopram-and-escitalopram-qt-interval-prolongation",
)
BNF_TRAMADOL_INTERACTIONS = Source(
    "BNF interactions: tramadol", "https://bnf.nice.org.uk/interactions/tramadol/"
)
OHID_AUDIT_C = Source(
    "OHID alcohol use screening tests (AUDIT-C)",
    "https://www.gov.uk/government/publications/alcohol-use-screening-tests",
)
DAST10_GUIDANCE = Source("DAST-10 scoring guidance (Skinner 1982)", "https://comorbidityguidelines.org.au")
ORT_WEBSTER = Source(
    "Webster & Webster 2005, Opioid Risk Tool", "https://lynnwebstermd.com/opioid-risk-tool/"
)
DCB0129 = Source(
    "DCB0129 clinical risk management; hazard log: a partial score read as low",
    "https://digital.nhs.uk/data-and-information/information-standards/information-standards-and-data-"
    "collections-including-extractions/publications-and-notifications/standards-and-collections/"
    "dcb0129-clinical-risk-management-its-application-in-the-manufacture-of-health-it-systems",
)
MHRA_FENTANYL_NAIVE_2020 = Source(
    # REFERENCE.md R11 records the item's title from a listing, not its page; no URL was recorded.
    "MHRA Drug Safety Update, September 2020: transdermal fentanyl patches for non-cancer pain, "
    "do not use in opioid-naive patients (detailed wording UNCONFIRMED)"
)
CDC_2022_REC8 = Source(
    "CDC Clinical Practice Guideline for Prescribing Opioids for Pain 2022, recommendation 8: "
    "sleep-disordered breathing, renal or hepatic insufficiency (US comparator)",
    "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm",
)
BNF_RENAL_IMPAIRMENT = Source(
    "BNF: prescribing in renal impairment (PARTIAL: not read in the primary source)",
    "https://bnf.nice.org.uk/medicines-guidance/prescribing-in-renal-impairment/",
)
ORANGE_BOOK_PREGNANCY = Source(
    "Drug misuse and dependence: UK guidelines on clinical management (Orange Book, 2017), pregnancy and "
    "opioid substitution treatment (PARTIAL)",
    ORANGE_BOOK.url,
)
FORMULARY_CONTROL = Source("Clinical safety control (hazard: a medicine the formulary does not recognise)")
