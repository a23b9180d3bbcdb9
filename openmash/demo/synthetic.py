"""Synthetic people, places and words for the demo hubs, and the plan of a year of contacts.

Nothing here is real data. Names are common first names and surnames drawn at
random and combined; towns are invented; postcodes use made-up outward codes
(ZL, ZS, ZM: no real UK postcode area starts with these) in a valid format;
NHS numbers use the 999 prefix that NHS England keeps for test numbers; phone
numbers come from Ofcom's ranges reserved for drama; email addresses use the
reserved ``.example`` domain. Narratives are built from templates.

The shares that shape the data are approximate and say where they come from:

* referral sources: approximate national shares of referrals by source in the
  DfE Children in need statistics, used only to make synthetic data look like
  a real front door;
* volumes, re-referral rates and triage scales: the three case-study sites of
  the 2025 MASH evaluation (docs/domain.md, Table 2);
* the mix of triage levels: the picture in docs/domain.md, not published figures.

This module builds a plan (plain dataclasses, no database writes); the
``seed_demo`` command turns the plan into records.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from openmash.contacts.models import Channel, ContactPerson, ReferralSource, ReferrerType, YesNoUnknown
from openmash.hubs import worktime
from openmash.hubs.models import Route
from openmash.hubs.presets import LEVEL_BANDS
from openmash.people import identifiers
from openmash.people.models import Ethnicity, PersonKind, RelationshipKind, Sex

Part = ContactPerson.Part

# ---------------------------------------------------------------------------
# Published figures and approximate shares
# ---------------------------------------------------------------------------

#: Referrals a year at each case-study site (evaluation, Table 2).
PUBLISHED_VOLUMES: Final[dict[str, int]] = {"site1": 5015, "site2": 2897, "site3": 2247}

#: Re-referral within 12 months at each case-study site (evaluation, Table 2).
RE_REFERRAL_RATES: Final[dict[str, float]] = {"site1": 0.228, "site2": 0.277, "site3": 0.178}

#: Approximate national shares of referrals by source (DfE Children in need
#: statistics), used for synthetic data only. Health (about 15%), LA services
#: (about 11%) and individuals (about 8%) are split across their sub-codes.
SOURCE_SHARES: Final[dict[str, float]] = {
    ReferralSource.POLICE: 0.29,
    ReferralSource.SCHOOLS: 0.19,
    ReferralSource.EDUCATION_SERVICES: 0.02,
    ReferralSource.GP: 0.03,
    ReferralSource.HEALTH_VISITOR: 0.025,
    ReferralSource.SCHOOL_NURSE: 0.01,
    ReferralSource.OTHER_PRIMARY_HEALTH: 0.02,
    ReferralSource.A_AND_E: 0.035,
    ReferralSource.OTHER_HEALTH: 0.03,
    ReferralSource.LA_SOCIAL_CARE: 0.04,
    ReferralSource.LA_OTHER_INTERNAL: 0.02,
    ReferralSource.ANOTHER_LA: 0.02,
    ReferralSource.LA_EARLY_HELP: 0.03,
    ReferralSource.FAMILY: 0.045,
    ReferralSource.ACQUAINTANCE: 0.015,
    ReferralSource.SELF: 0.01,
    ReferralSource.INDIVIDUAL_OTHER: 0.01,
    ReferralSource.HOUSING: 0.02,
    ReferralSource.OTHER_LEGAL: 0.03,
    ReferralSource.OTHER: 0.06,
    ReferralSource.ANONYMOUS: 0.02,
    ReferralSource.UNKNOWN: 0.03,
}

#: Sources of concerns about adults at risk (site 3 takes them): no schools.
ADULT_SOURCE_SHARES: Final[dict[str, float]] = {
    ReferralSource.POLICE: 0.35,
    ReferralSource.GP: 0.10,
    ReferralSource.OTHER_HEALTH: 0.12,
    ReferralSource.A_AND_E: 0.06,
    ReferralSource.LA_SOCIAL_CARE: 0.12,
    ReferralSource.FAMILY: 0.08,
    ReferralSource.ACQUAINTANCE: 0.04,
    ReferralSource.HOUSING: 0.06,
    ReferralSource.OTHER: 0.05,
    ReferralSource.ANONYMOUS: 0.02,
}

#: Share of each source's contacts that arrive out of hours (evenings, nights,
#: weekends, bank holidays). Police notifications arrive at night; together the
#: mix gives about 15% out of hours.
OUT_OF_HOURS_SHARE: Final[dict[str, float]] = {
    ReferralSource.POLICE: 0.40,
    ReferralSource.A_AND_E: 0.30,
    ReferralSource.FAMILY: 0.12,
    ReferralSource.ACQUAINTANCE: 0.12,
    ReferralSource.SELF: 0.12,
    ReferralSource.INDIVIDUAL_OTHER: 0.12,
    ReferralSource.ANONYMOUS: 0.12,
}
DEFAULT_OUT_OF_HOURS_SHARE: Final = 0.03
#: Sources whose contacts arrive at any hour (the rest arrive out of hours only in the evening or at weekends).
ROUND_THE_CLOCK_SOURCES: Final = frozenset(
    {
        ReferralSource.POLICE,
        ReferralSource.A_AND_E,
        ReferralSource.FAMILY,
        ReferralSource.ACQUAINTANCE,
        ReferralSource.SELF,
        ReferralSource.INDIVIDUAL_OTHER,
        ReferralSource.ANONYMOUS,
    }
)

#: Level mix per site, following the picture in docs/domain.md.
LEVEL_MIX: Final[dict[str, dict[str, float]]] = {
    "site1": {"green": 0.45, "amber": 0.40, "red": 0.15},
    "site2": {"tier-2": 0.40, "tier-3": 0.40, "tier-4": 0.20},
    "site3": {"universal": 0.20, "vulnerable": 0.40, "complex": 0.28, "acute": 0.12},
}

#: Routes per level (only routes the level allows are ever used). The route
#: "allocated_worker" is added where the subject child has an allocated worker.
ROUTE_MIX: Final[dict[str, dict[str, float]]] = {
    "green": {Route.EARLY_HELP: 0.60, Route.UNIVERSAL: 0.25, Route.NFA: 0.15},
    "amber": {Route.MASH: 1.0},
    "red": {Route.MASH: 0.65, Route.STRATEGY_DISCUSSION: 0.35},
    "tier-2": {Route.MASH: 1.0},
    "tier-3": {Route.MASH: 1.0},
    "tier-4": {Route.MASH: 0.70, Route.STRATEGY_DISCUSSION: 0.30},
    "universal": {Route.UNIVERSAL: 0.60, Route.NFA: 0.30, Route.MASH: 0.10},
    "vulnerable": {Route.MASH: 0.60, Route.EARLY_HELP: 0.40},
    "complex": {Route.MASH: 1.0},
    "acute": {Route.MASH: 0.50, Route.STRATEGY_DISCUSSION: 0.50},
}

#: Share of triage decisions made after the level's timeline (or the one-working-day
#: clock, whichever is sooner), so that reports show some overdue.
LATE_SHARE: Final = 0.10
#: Share of site 3's contacts that are about an adult at risk.
ADULT_SHARE: Final = 0.08
#: Share of new subject children who already have an allocated social worker.
ALLOCATED_SHARE: Final = 0.05

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    men: tuple[str, ...]
    women: tuple[str, ...]
    surnames: tuple[str, ...]
    languages: tuple[str, ...] = ()


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


NAME_POOLS: Final[dict[str, NamePool]] = {
    "british": NamePool(
        boys=_names(
            "Oliver Harry Jack Charlie George Noah Leo Alfie Freddie Archie Theo Oscar Jacob Riley Mason Tyler Kai Logan Ethan Jayden Lucas Reggie Tommy Finley Ronnie Harrison Callum Kian"
        ),
        girls=_names(
            "Olivia Amelia Isla Ava Mia Poppy Lily Ella Grace Evie Freya Sophie Ruby Millie Harper Willow Daisy Rosie Scarlett Maisie Lacey Skye Chloe Ellie Esme Megan Summer"
        ),
        men=_names(
            "James Daniel Lee Craig Darren Mark Paul Ryan Jamie Wayne Dean Stuart Kevin Gary Liam Scott Adam Matthew Carl Shaun Steven Ricky Jordan"
        ),
        women=_names(
            "Sarah Emma Gemma Kelly Laura Rebecca Stacey Hayley Lisa Nicola Danielle Charlotte Jade Amy Kerry Leanne Samantha Claire Zoe Vicky Chelsea Kayleigh"
        ),
        surnames=_names(
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Harris Cooper Ward Baker Lewis Hill Parker Bennett Mitchell Shaw Cox Fletcher Holmes Marsh Barker Reid Kelly Murphy O'Brien Doyle Lowe Gibson Pearce Fox Riley"
        ),
    ),
    "caribbean": NamePool(
        boys=_names("Tyrese Jayden Malachi Reuben Isaiah Kai Elijah Joshua Nathaniel Jaylen"),
        girls=_names("Aaliyah Jada Tia Nia Shanice Imani Kiara Destiny Amara Jasmine"),
        men=_names("Marlon Delroy Leon Winston Andre Dwayne Clive Trevor Junior Errol"),
        women=_names("Marcia Sharon Natalie Simone Andrea Paulette Janice Donna Tanya Carla"),
        surnames=_names(
            "Campbell Francis Grant Thomas Richards Henry Brown Williams Morgan Reid Gordon Bailey Johnson Samuels McKenzie Stewart"
        ),
    ),
    "south_asian": NamePool(
        boys=_names("Mohammed Ayaan Zayn Ibrahim Yusuf Aarav Arjun Rohan Hamza Ali Rayyan Dev Kabir Ishaan Musa Haris"),
        girls=_names(
            "Aisha Maryam Zara Inaya Fatima Anaya Priya Amira Hafsa Sana Riya Aleena Noor Simran Khadija Eshal"
        ),
        men=_names("Imran Tariq Asif Rajesh Sanjay Amir Bilal Shahid Vikram Naveed Arif Kamran Sajid Harpreet"),
        women=_names("Nadia Shabana Rukhsana Farah Sunita Anjali Saima Reena Nasreen Parveen Uzma Kiran Salma Ayesha"),
        surnames=_names(
            "Khan Ahmed Hussain Ali Patel Shah Akhtar Iqbal Rahman Singh Sharma Chowdhury Islam Mahmood Malik Mistry Uddin Sandhu"
        ),
        languages=("Urdu", "Bengali", "Punjabi", "Pashto", "Gujarati"),
    ),
    "african": NamePool(
        boys=_names("Daniel David Samuel Emmanuel Joshua Kwame Tobi Chidi Femi Kofi Abdi Ayo Jeremiah"),
        girls=_names("Grace Blessing Precious Esther Favour Amara Adaeze Nia Ama Zainab Hodan Deborah Ifeoma"),
        men=_names("Oluwaseun Chinedu Kwabena Emeka Tunde Samuel Joseph Abdullahi Yaw Kehinde Tesfaye Dawit"),
        women=_names("Funmi Chioma Abena Ngozi Adwoa Blessing Ruth Faith Amina Halima Selam Yetunde"),
        surnames=_names(
            "Okafor Adeyemi Mensah Owusu Osei Okoye Adebayo Eze Boateng Mohamed Abdi Nwosu Asante Ibrahim Ogunleye Tekle Haile Warsame"
        ),
        languages=("Tigrinya", "Somali", "Amharic", "Arabic", "Yoruba", "Lingala"),
    ),
    "european": NamePool(
        boys=_names("Jakub Filip Mateusz Andrei Luca Matei David Tomas Oliwer Dominik Artem Maksym"),
        girls=_names("Zuzanna Maja Natalia Alexandra Ioana Julia Lena Emilia Sofia Anna Daria Polina"),
        men=_names("Piotr Marek Tomasz Ionut Mihai Krzysztof Andrzej Pavel Bogdan Lukasz Oleksandr Dmytro"),
        women=_names("Agnieszka Katarzyna Magdalena Elena Monika Ewa Raluca Irina Olena Iryna Simona Daniela"),
        surnames=_names(
            "Nowak Popescu Ionescu Horvath Balan Dumitru Kovac Shevchenko Stan Rusu Nagy Mazur Wojcik Krol Marin Lungu Bondarenko Kazlauskas"
        ),
        languages=("Polish", "Romanian", "Ukrainian", "Lithuanian", "Bulgarian", "Slovak"),
    ),
    "east_asian": NamePool(
        boys=_names("Jun Hao Ethan Ryan Kai Yichen"),
        girls=_names("Mei Lily Xin Chloe Yan Joy"),
        men=_names("Wei Jian Ming Tao Kwok Hing"),
        women=_names("Li Ying Hui Fang Wing Mei"),
        surnames=_names("Chen Wang Li Zhang Liu Wong Lam Cheung Ho Chan"),
        languages=("Cantonese", "Mandarin"),
    ),
    "middle_eastern": NamePool(
        boys=_names("Omar Ahmad Yousef Karim Adam Hassan Mustafa Ali"),
        girls=_names("Layla Sara Hana Mariam Yasmin Lina Rania Zahra"),
        men=_names("Khalid Mustafa Ahmad Rahim Samir Hassan Jamal Nasir"),
        women=_names("Fatima Rania Huda Leila Zahra Amal Shirin Nour"),
        surnames=_names("Haddad Rahimi Karimi Saleh Mahmoud Nasser Hamid Aziz Ahmadi Hosseini Rasoul Barzani"),
        languages=("Arabic", "Kurdish (Sorani)", "Dari", "Pashto", "Farsi"),
    ),
}

#: Which name pool suits each ethnicity code (mixed heritage draws from either parent's pool).
ETHNICITY_POOLS: Final[dict[str, tuple[str, ...]]] = {
    Ethnicity.WBRI: ("british",),
    Ethnicity.WIRI: ("british",),
    Ethnicity.WIRT: ("british",),
    Ethnicity.WOTH: ("european",),
    Ethnicity.WROM: ("european",),
    Ethnicity.MWBC: ("british", "caribbean"),
    Ethnicity.MWBA: ("british", "african"),
    Ethnicity.MWAS: ("british", "south_asian"),
    Ethnicity.MOTH: ("british", "middle_eastern"),
    Ethnicity.AIND: ("south_asian",),
    Ethnicity.APKN: ("south_asian",),
    Ethnicity.ABAN: ("south_asian",),
    Ethnicity.AOTH: ("south_asian",),
    Ethnicity.BCRB: ("caribbean",),
    Ethnicity.BAFR: ("african",),
    Ethnicity.BOTH: ("african", "caribbean"),
    Ethnicity.CHNE: ("east_asian",),
    Ethnicity.OOTH: ("middle_eastern",),
    Ethnicity.REFU: ("british",),
    Ethnicity.NOBT: ("british", "european"),
}

#: Ethnicity mix per site: rough, synthetic, London more diverse than the South East.
# fmt: off
ETHNICITY_MIX: Final[dict[str, dict[str, float]]] = {
    "site1": {"WBRI": 34, "WOTH": 12, "BAFR": 12, "BCRB": 6, "AIND": 4, "APKN": 3, "ABAN": 6, "AOTH": 4, "MWBC": 4,
        "MWBA": 2, "MWAS": 2, "MOTH": 4, "CHNE": 1, "OOTH": 3, "WROM": 1, "WIRI": 1, "NOBT": 1},
    "site2": {"WBRI": 74, "WOTH": 6, "MWBC": 2, "MWAS": 2, "MOTH": 2, "AIND": 2, "APKN": 2, "AOTH": 1, "BAFR": 2,
        "BCRB": 1, "OOTH": 1, "WIRT": 1, "WROM": 1, "CHNE": 1, "NOBT": 2},
    "site3": {"WBRI": 55, "WOTH": 6, "APKN": 8, "AIND": 6, "ABAN": 2, "AOTH": 1, "BCRB": 4, "BAFR": 4, "MWBC": 5,
        "MOTH": 2, "MWAS": 2, "OOTH": 2, "WROM": 1, "CHNE": 1, "NOBT": 1},
}
# fmt: on

#: Newly arrived families come from these pools (with these ethnicity codes).
NEWLY_ARRIVED: Final[tuple[tuple[str, str], ...]] = (
    ("european", "WOTH"),
    ("middle_eastern", "OOTH"),
    ("african", "BAFR"),
    ("south_asian", "AOTH"),
    ("east_asian", "CHNE"),
)

# ---------------------------------------------------------------------------
# Places (invented)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    localities: tuple[str, ...]
    postcode_area: str  # a made-up outward area in valid format
    phone_prefix: str  # an Ofcom drama range
    hospital: str


PLACES: Final[dict[str, Place]] = {
    "site1": Place(
        localities=(
            "Northbrook",
            "Ashcombe Park",
            "Kelham Green",
            "Fairholt",
            "Marbury Vale",
            "Stanwick Common",
            "Hollins Cross",
            "Westmere",
        ),
        postcode_area="ZL",
        phone_prefix="020 7946 0",
        hospital="Northbrook General Hospital",
    ),
    "site2": Place(
        localities=(
            "Hawksbury",
            "Little Wyncombe",
            "Tenterholme",
            "Saltmarsh Bay",
            "Oakhurst",
            "Fennick",
            "Ebbwater",
            "Chalkridge",
        ),
        postcode_area="ZS",
        phone_prefix="01632 960",
        hospital="Hawksbury and District Hospital",
    ),
    "site3": Place(
        localities=(
            "Calderbridge",
            "Ironmoor",
            "Westley Heath",
            "Ashby Fold",
            "Netherfield Park",
            "Coldwell",
            "Brindley Green",
            "Furnace End",
        ),
        postcode_area="ZM",
        phone_prefix="0121 496 0",
        hospital="Calderbridge Royal Infirmary",
    ),
}

STREET_NAMES: Final = _names(
    "Oak Elm Beech Willow Mill Church Station Park Victoria Albert Queen's King's Chapel Orchard Meadow Hawthorn Rowan Cedar Bridge Castle Priory Springfield Fernbank Tanner's Weaver's Hollybush Brookside Foxglove Larch Heather Marigold Kestrel Linnet Bramble Chestnut Sycamore Poplar Juniper"
)
STREET_KINDS: Final = _names(
    "Road Street Close Avenue Lane Way Gardens Crescent Drive Terrace Grove Court Walk Place Rise"
)
BLOCK_NAMES: Final = ("Rowan House", "Tern Court", "Marlowe House", "Beacon Tower", "Sefton House", "Kingfisher Court")
POSTCODE_INWARD_LETTERS: Final = "ABDEFGHJLNPQRSTUWXYZ"
SAINTS: Final = ("St Anne", "St Mary", "St Joseph", "St Peter", "St Chad", "St Edmund", "St Hilda", "St Luke")

CHILDREN_TEAMS: Final = (
    "Locality Team North",
    "Locality Team South",
    "Children in Need Team 2",
    "Child Protection Team",
    "Disabled Children's Team",
    "Children in Care Team",
    "Family Safeguarding Team B",
)
LANGUAGE_FALLBACK: Final = ("Arabic", "Romanian", "Ukrainian", "Dari", "Tigrinya")

# ---------------------------------------------------------------------------
# Narratives and rationales (templates)
# ---------------------------------------------------------------------------
#
# Placeholders: {c} the child's (or adult's) first name, {age}, {year} school
# year, {he} {him} {his} and capitalised forms, {mum} the mother's first name,
# {partner} the father or the mother's partner, {day}, {time}, {school},
# {hospital}, {weeks} weeks of pregnancy.


class Template(NamedTuple):
    band: str  # low, additional, complex, acute (presets.LEVEL_BANDS)
    text: str  # what happened, in the referrer's words
    issue: str  # the concern in a few words, for the triage rationale
    min_age: int = 0
    max_age: int = 120
    sources: tuple[str, ...] = ()  # only from these referral sources (empty: any in the group)
    agency: str = ""  # the referrer's organisation, when the words fix it ({place} is a locality)
    role: str = ""  # the referrer's role, when the words fix it


T = Template
HV, GP, NURSE, PRIMARY, AE, HOSP = "3B", "3A", "3C", "3D", "3E", "3F"
# fmt: off
NARRATIVES: Final[dict[str, tuple[Template, ...]]] = {
    "police": (
        T("low", "Officers attended a verbal argument between {mum} and {partner} on {day} evening. No violence reported; {c} was asleep upstairs. Both adults calm on arrival. Notification for information.", "a verbal argument between the adults", 0, 12),
        T("low", "{c} ({age}) was found by officers in the town centre after 10pm with friends. Taken home to {mum}, who thought {he} was at a friend's house. No offences.", "{c} being out late without {his} mother knowing", 10, 17),
        T("additional", "Officers called to the home at {time} after neighbours reported shouting. {mum} and {partner} had been drinking. No injuries; {c} ({age}) was present and upset. DASH risk assessment: standard.", "arguments at home when the adults have been drinking"),
        T("additional", "{c} ({age}) reported missing by {mum} at {time}; home again by 2am. Says {he} was at a friend's. Return interview offered. Second missing episode this year.", "{c} going missing from home", 11, 17),
        T("additional", "Officers attended after {c} ({age}) damaged property at home during an argument with {mum}. {mum} says she cannot manage {his} behaviour and is asking for help.", "{c}'s behaviour at home and {his} mother asking for help", 10, 17),
        T("complex", "Domestic incident on {day} night: {partner} pushed {mum} during an argument. {c} ({age}) was in the next room. {partner} left before officers arrived. DASH: medium risk. Third notification in six months.", "repeated domestic abuse with {c} in the home"),
        T("complex", "Drugs warrant executed at the address on {day}. Cannabis and cash found. {c} ({age}) present. Home conditions poor: little food, dog mess on the floors.", "drug use and poor home conditions"),
        T("complex", "{c} ({age}) was arrested for possession of a bladed article near {school}. Found with £300 cash and two phones. Officers concerned about criminal exploitation.", "concerns that {c} is being criminally exploited", 12, 17),
        T("acute", "Officers attended at {time} after a 999 call. {partner} assaulted {mum}, who has facial injuries, while she was holding {c}. {partner} arrested. DASH: high risk, referred to MARAC.", "serious domestic abuse with {c} present", 0, 3),
        T("acute", "Officers attended at {time}: {partner} threatened {mum} with a knife in front of {c} ({age}). {partner} arrested and bailed to an address nearby. DASH: high risk.", "serious domestic abuse witnessed by {c}"),
        T("acute", "{c} ({age}) told officers that {partner} hits {him} with a belt. Bruising seen on {his} arms. {c} is frightened to go home.", "{c}'s disclosure of physical abuse", 5, 17),
        T("acute", "{c} ({age}) found in a flat with adult men not known to the family after being missing for three days. Intelligence suggests sexual exploitation.", "risk of sexual exploitation", 12, 17),
    ),
    "school": (
        T("low", "{c} has been late most days this half term. {mum} says mornings are difficult since her shifts changed. Attendance 91%. We would like advice for the family.", "lateness and attendance", sources=("2A",)),
        T("additional", "{c} (Year {year}) attendance has fallen to 82%. {He} often comes in hungry and in unwashed uniform. {mum} has told us she is struggling with debts.", "attendance, hunger and the family's money worries", sources=("2A",)),
        T("additional", "{c} has become withdrawn and tearful in class. Told a teaching assistant that mum and {partner} 'shout all the time'. No disclosure of harm.", "{c}'s low mood and arguments at home", sources=("2A",)),
        T("additional", "{c}'s behaviour has got worse: two suspensions this term. {mum} asked us for parenting support.", "{c}'s behaviour and suspensions", 7, 17, sources=("2A",)),
        T("additional", "{c}'s attendance at {school} is 61% this term. {mum} has not replied to letters or come to two attendance meetings.", "{c}'s poor attendance and no contact from {his} mother", 5, 16, sources=("2B",)),
        T("complex", "{c} came in with a bruise on {his} cheek. Said {he} 'fell over'; {his} account changed when asked again. Third unexplained mark this year, logged by the DSL.", "unexplained bruising", sources=("2A",)),
        T("complex", "{c} told {his} teacher that {partner} locks {him} in {his} room when {he} is naughty. We are also worried about neglect: head lice, weight loss.", "possible neglect and harsh treatment", 4, 11, sources=("2A",)),
        T("complex", "{c} has been missing from {school} for eight days. Home visits unanswered. {mum} not answering calls.", "{c} missing from education"),
        T("acute", "{c} (Year {year}) told the DSL this morning that {partner} hit {him} last night. Red mark and swelling on {his} upper arm. {c} says {he} is scared to go home.", "{c}'s disclosure of physical abuse", sources=("2A",)),
        T("acute", "{c} told the DSL that an adult at home touches {him} in a way {he} does not like. We have not spoken to the parents. {c} is still in school.", "a disclosure of sexual abuse", sources=("2A",)),
    ),
    "health": (
        T("low", "{c} has missed two appointments. {mum} reports no concerns and says she forgot. For information and advice on engagement.", "missed health appointments"),
        T("additional", "{mum} has low mood since the birth of {c}'s sibling and is isolated. Home is cluttered but adequate. {mum} would welcome support.", "{mum}'s low mood and isolation", 0, 4, sources=(HV, GP, PRIMARY)),
        T("additional", "{c}'s weight has dropped below the 2nd centile. Three missed follow-up appointments. {mum} says money is tight and food is limited.", "{c}'s weight and missed appointments", 0, 10, sources=(GP, HV, PRIMARY, HOSP)),
        T("additional", "{c} ({age}) disclosed self-harm (superficial cuts) and says {he} is being bullied online. Parents aware and supportive.", "{c}'s self-harm", 11, 17, sources=(GP, NURSE, PRIMARY, HOSP)),
        T("complex", "{c} ({age}) came to the emergency department drunk at {time}. Third attendance this year. Came with an older man who left when staff asked questions.", "repeated attendances, alcohol and an unknown adult", 12, 17, sources=(AE,)),
        T("complex", "{mum} disclosed heavy drinking and that {partner} controls the money. {c} is often left with neighbours. She declined a referral to drug and alcohol services.", "{mum}'s drinking and a controlling partner", sources=(GP, PRIMARY, HV)),
        T("complex", "{c} has poorly controlled asthma; prescriptions not collected for four months. Two admissions. Parents not engaging.", "medical neglect of {c}'s asthma", 3, 17, sources=(GP, HOSP, NURSE)),
        T("acute", "{c} ({age}) brought to the emergency department with a spiral fracture of the arm. Explanation (fell off the sofa) not consistent with the injury. Child protection medical requested.", "an injury not consistent with the explanation", 0, 12, sources=(AE, HOSP)),
        T("acute", "Baby {c} seen today with bruising to the ear and cheek. Not yet mobile. {mum} gave no explanation.", "bruising to a non-mobile baby", 0, 0, sources=(HV, GP, AE, PRIMARY)),
        T("acute", "{c} ({age}) told the nurse that {partner} hits {him} and showed bruises on {his} back. {mum} was not present.", "{c}'s disclosure of physical abuse", 5, 17, sources=(NURSE, AE, HOSP, PRIMARY)),
    ),
    "individual": (
        T("low", "I'm {c}'s grandmother. Worried {mum} is struggling since the family moved. Nothing has happened; would like to know what help there is.", "the family needing advice and support", sources=("1A",), role="Grandmother"),
        T("additional", "Neighbour: frequent shouting from the flat, and {c} is often outside late without a coat. Does not know the family well.", "shouting at home and {c} unsupervised", 3, 14, sources=("1B", "1D"), role="Neighbour"),
        T("additional", "{mum} phoned asking for help: {c} ({age}) refuses to go to school and has hit her twice. She feels she is at the end of her tether.", "{c}'s behaviour and {his} mother's need for support", 8, 17, sources=("1A",), role="Mother"),
        T("complex", "{c}'s father rang: {c} says {partner} hits mum and {c} hides in {his} room. He has limited contact and is worried.", "domestic abuse reported by {c}'s father", 4, 17, sources=("1A",), role="Father"),
        T("complex", "{mum} is using drugs again and leaves {c} alone overnight. Says this has happened 'several times' in the past month.", "{c} left alone while {his} mother uses drugs", sources=("1A", "1B"), role="Aunt"),
        T("acute", "Heard screaming and a child crying for over an hour at {time}; saw {partner} drag {c} inside by the arm.", "a child heard screaming and being dragged", 2, 12, sources=("1B", "1D"), role="Neighbour"),
    ),
    "self": (
        T("additional", "{c} ({age}) rang to say {he} is arguing a lot with {his} mum and wants to talk to someone. Says {he} is safe tonight.", "conflict between {c} and {his} mother"),
        T("complex", "{c} ({age}) emailed: {he} has not been home for two nights and is staying with friends because of rows with {partner}.", "{c} staying away from home because of conflict"),
        T("acute", "{c} ({age}) rang from a friend's house. Says {partner} beat {him} last night and {he} will not go home. Bruising to {his} back.", "{c}'s disclosure of being beaten"),
    ),
    "anonymous": (
        T("additional", "Anonymous caller says the children at the address are 'always dirty' and out late. Would not give more detail.", "neglect reported by an anonymous caller"),
        T("additional", "Anonymous online report: {mum} is drinking every day and {c} is looking after the younger ones.", "{mum}'s drinking and {c} caring for siblings", 8, 17),
        T("complex", "Anonymous caller reports shouting and banging from the house most nights and says {c} had a black eye last week.", "possible domestic abuse and an injury to {c}"),
        T("acute", "Anonymous caller says {partner} has just hit {c} in the street outside the house; {c} was crying and holding {his} face.", "an assault on {c} seen in the street", 2, 17),
    ),
    "housing": (
        T("additional", "The family are in temporary accommodation, one room for {mum} and the children. Rent arrears; eviction notice served. Children appear cared for.", "overcrowding and the risk of homelessness"),
        T("complex", "Visited about damp and found the flat in a very poor state: no beds for the children, rubbish piled up, {mum} appeared under the influence.", "neglectful home conditions"),
        T("acute", "Visited and found {c} ({age}) alone in the flat with no food or heating. {mum} not contactable for six hours.", "{c} found alone without food or heating", 3, 14),
    ),
    "la": (
        T("low", "The family have asked about support with {c}'s behaviour. No safeguarding concerns identified.", "a request for parenting advice", sources=("5A", "5D")),
        T("additional", "{c} ({age}) has stopped coming to the youth programme and says {he} is 'hanging around with older lads'. No specific incident.", "{c} spending time with older youths", 11, 17, sources=("5B",)),
        T("additional", "{mum}, who has a learning disability and is known to adult services, is struggling to manage the children's routines and bills.", "{mum}'s need for support with parenting", sources=("5A",)),
        T("additional", "{mum} asked the family hub for help with {c}'s sleep and behaviour. We would like a multi-agency view before offering a family plan.", "{c}'s behaviour and sleep", sources=("5D",)),
        T("complex", "The family moved to your area last month. We had a child in need plan for neglect, closed when they moved. Transfer-in information attached.", "neglect known to the previous local authority", sources=("5C",)),
        T("complex", "Step-up request. The family plan has not worked: {mum} has stopped engaging and {c}'s attendance is now 60%. New information about domestic abuse.", "an Early Help plan not working and new domestic abuse", sources=("5D",)),
        T("acute", "{mum} (known to adult mental health services) has stopped her medication, is paranoid and believes {c} is 'evil'. {c} is at home with her.", "{mum}'s acute mental illness and {c}'s safety", sources=("5A", "5B", "5C")),
    ),
    "legal": (
        T("additional", "{partner} has finished his licence and is looking for work. He has asked for help for the family. No current concerns.", "the family's need for support", agency="Probation Service", role="Probation officer"),
        T("complex", "{partner}, on licence for a violent offence, has moved in with {mum} and the children without telling his probation officer.", "a man with a violent history living with the children", agency="Probation Service", role="Probation officer"),
        T("acute", "In private law proceedings {c} told me that {partner} hurts {him}. Hearing adjourned. Immediate safeguarding concern.", "{c}'s disclosure to Cafcass", 4, 17, agency="Cafcass", role="Family court adviser"),
    ),
    "voluntary": (
        T("additional", "{mum} comes to the food bank every week, is isolated and tearful. Asked about help for the children.", "poverty and {mum}'s isolation", agency="{place} Food Bank", role="Volunteer coordinator"),
        T("additional", "{mum} has missed the last four sessions. When seen, {c} was hungry and had bad nappy rash.", "signs of neglect at the children's centre", 0, 3, agency="{place} Children's Centre", role="Family support worker"),
        T("complex", "{mum} has disclosed years of coercive control by {partner}, who checks her phone and money. The children hear the abuse.", "coercive control in the household", agency="Domestic abuse service", role="IDVA"),
        T("acute", "{mum} called at {time} saying {partner} has threatened to kill her and take {c}. She is at the address now.", "threats to kill and to take {c}", agency="Domestic abuse service", role="IDVA"),
    ),
    "generic": (
        T("low", "The family have recently moved into the area and want to know about local services for {c}.", "the family asking about local services"),
        T("additional", "{mum} is struggling with {c}'s behaviour and the family's finances. No specific incident.", "the family's money worries and {c}'s behaviour"),
        T("complex", "Repeated arguments between {mum} and {partner}; {c} has been seen with unexplained marks.", "arguments at home and unexplained marks"),
        T("acute", "{c} ({age}) has said {he} is being hurt at home and is scared to go back today.", "{c}'s disclosure of harm at home"),
    ),
    "unborn": (
        T("additional", "{mum} is {weeks} weeks pregnant, 19, and has no support network. Sofa-surfing at present. Would welcome help.", "a young mother-to-be without support or housing"),
        T("complex", "{mum} is {weeks} weeks pregnant and booked late. History of drug use; an older child lives with relatives. Says she is now clean.", "a late-booked pregnancy and {mum}'s drug use"),
        T("complex", "{mum} ({weeks} weeks pregnant) disclosed that {partner} has been violent during the pregnancy. She is staying at the address.", "domestic abuse during pregnancy"),
        T("acute", "Pre-birth concern: {mum} is {weeks} weeks pregnant. Two older children were removed under care orders. {mum} has not engaged with antenatal care.", "an unborn baby at risk of significant harm"),
    ),
    "adult": (
        T("low", "{c} ({age}) is isolated at home and has asked about befriending services. No safeguarding concern.", "{c}'s isolation"),
        T("additional", "{c} ({age}) lives alone, is neglecting {him}self and has declined care. The house is cold and cluttered.", "{c}'s self-neglect"),
        T("additional", "{c} ({age}) is being asked for money by a new 'friend' and runs out of food before payday.", "possible financial abuse of {c}"),
        T("complex", "{c} ({age}) says {his} adult son takes {his} pension and shouts at {him}. {He} does not want to make a complaint.", "financial and emotional abuse of {c} by {his} son"),
        T("complex", "{c} ({age}) has dementia; {his} partner, the only carer, is struggling and was seen to be rough with {him} on the ward.", "carer strain and possible abuse of {c}", 60, 120, sources=(HOSP, GP, "5A")),
        T("acute", "Domestic incident: {c} ({age}) was strangled by {his} partner. DASH: high risk; MARAC referral. {He} has returned to the address.", "high-risk domestic abuse against {c}", 18, 80, sources=("6",)),
        T("acute", "{c} ({age}) was found on the floor with pressure sores, no food in the house and the carer absent.", "serious neglect of {c} by {his} carer", 60, 120),
        T("acute", "{c} ({age}) says {his} partner has threatened to kill {him} and is outside the house now.", "threats to kill {c}"),
    ),
}
# fmt: on

#: Which narrative group each source's referrer writes in.
# fmt: off
SOURCE_GROUP: Final[dict[str, str]] = {
    "6": "police", "2A": "school", "2B": "school",
    "3A": "health", "3B": "health", "3C": "health", "3D": "health", "3E": "health", "3F": "health",
    "1A": "individual", "1B": "individual", "1C": "self", "1D": "individual",
    "4": "housing", "5A": "la", "5B": "la", "5C": "la", "5D": "la", "7": "legal", "8": "voluntary",
    "9": "anonymous", "10": "generic",
}
# fmt: on
BAND_ORDER: Final = ("low", "additional", "complex", "acute")
#: Sources a concern about an unborn baby comes from (midwifery, health visiting, pre-birth assessment).
UNBORN_SOURCES: Final = frozenset({HV, PRIMARY, HOSP, "5A", "5C"})

RATIONALES: Final[dict[str, tuple[str, ...]]] = {
    Route.NFA: (
        "Information does not indicate unmet needs: {issue}. {C} is known to universal services, who are aware. No further action; referrer informed.",
        "Concern ({issue}) has been addressed by the family and the referrer. No role for the hub. No further action.",
    ),
    Route.UNIVERSAL: (
        "Needs can be met by universal services: {issue}. Signposted the family to the family hub and the school; referrer to keep the hub informed.",
        "Below the threshold for Early Help: {issue}. Advice given to the referrer and the family signposted to universal support.",
    ),
    Route.EARLY_HELP: (
        "Below the statutory threshold: {issue}. The family would benefit from Early Help support; consent to be sought by the Early Help practitioner.",
        "No indication of significant harm. {issue} can be addressed through an Early Help assessment with the family's agreement.",
    ),
    Route.MASH: (
        "{Issue}: need to understand the family's history before deciding. Partner checks requested from police, health and education within the timeline.",
        "Possible unmet needs ({issue}). Multi-agency information needed about the child and the adults in the household.",
        "Concern is {issue}. Previous contacts noted. MASH checks with all core partners to inform the level of response.",
    ),
    Route.STRATEGY_DISCUSSION: (
        "Reasonable cause to suspect significant harm: {issue}. Strategy discussion to be convened today with police and health.",
        "{Issue}. Threshold for section 47 enquiries appears met; strategy discussion requested with police.",
    ),
    Route.ALLOCATED_WORKER: (
        "{C} has an allocated social worker. Information about {issue} passed to the worker and their manager the same day; no MASH activity.",
    ),
}

# ---------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelInfo:
    """What the generator needs to know about a hub's triage level."""

    code: str
    allowed_routes: tuple[str, ...]
    timeline_amount: int | None
    timeline_unit: str


@dataclass(frozen=True)
class HubInfo:
    """What the generator needs to know about a hub."""

    key: str  # preset key: site1, site2, site3
    la_code: str
    calendar: worktime.WorkingCalendar
    levels: dict[str, LevelInfo]
    indicator_codes: dict[str, tuple[str, ...]]  # level code -> indicator codes in the current document
    takes_adults: bool


@dataclass
class AddressSpec:
    line_1: str
    line_2: str
    town: str
    postcode: str
    start_date: dt.date


@dataclass
class PersonSpec:
    key: int
    kind: str
    given_names: str
    family_name: str
    sex: str
    ethnicity: str
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    nhs_number: str = ""
    upn: str = ""
    police_reference: str = ""
    no_recourse_to_public_funds: bool = False
    care_leaver: bool = False
    newly_arrived: bool = False
    interpreter_needed: bool = False
    language: str = ""
    allocated_worker: str = ""
    allocated_team: str = ""
    address: AddressSpec | None = None
    other_names: list[tuple[str, str]] = field(default_factory=list)

    def fields(self) -> dict[str, object]:
        """The Person model fields (everything but the address and other names)."""
        return {
            "kind": self.kind,
            "given_names": self.given_names,
            "family_name": self.family_name,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "date_of_birth": self.date_of_birth,
            "expected_date_of_birth": self.expected_date_of_birth,
            "nhs_number": self.nhs_number,
            "upn": self.upn,
            "police_reference": self.police_reference,
            "no_recourse_to_public_funds": self.no_recourse_to_public_funds,
            "care_leaver": self.care_leaver,
            "newly_arrived": self.newly_arrived,
            "interpreter_needed": self.interpreter_needed,
            "language": self.language,
            "allocated_worker": self.allocated_worker,
            "allocated_team": self.allocated_team,
        }

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


@dataclass
class RelationshipSpec:
    """`person` is the <kind> of `relative`."""

    person: PersonSpec
    relative: PersonSpec
    kind: str
    parental_responsibility: bool


@dataclass
class Family:
    group: str  # name pool
    ethnicity: str
    subjects: list[PersonSpec]  # children (or the adult at risk)
    siblings: list[PersonSpec]
    mother: PersonSpec | None
    father: PersonSpec | None
    household: list[PersonSpec]
    address: AddressSpec
    contacts: int = 0
    # Named (or changed) by a contact in today's live queue. The history is written before the
    # live queue, so a historical contact must not link people that only the live queue creates.
    live: bool = False


@dataclass
class LinkSpec:
    person: PersonSpec
    part: str
    existing: bool


@dataclass
class TriageSpec:
    level_code: str
    route: str
    rationale: str
    indicator_codes: list[str]
    decided_at: dt.datetime


class Phase:
    HISTORY = "history"  # received and triaged in the past year (bulk-created)
    AWAITING = "awaiting"  # in today's queue, awaiting triage (through the services)
    IN_MASH = "in_mash"  # triaged in the last few days, still in the MASH (through the services)


@dataclass
class ContactSpec:
    phase: str
    received_at: dt.datetime
    source: str
    level_code: str  # the level it is (or, awaiting triage, would be) triaged at
    is_adult: bool
    decided_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    fields: dict[str, object] = field(default_factory=dict)
    links: list[LinkSpec] = field(default_factory=list)
    relationships: list[RelationshipSpec] = field(default_factory=list)
    triage: TriageSpec | None = None
    issue: str = ""  # the concern in a few words, for the triage rationale
    is_re_referral: bool = False
    by_manager: bool = False

    @property
    def new_people(self) -> list[PersonSpec]:
        return [link.person for link in self.links if not link.existing]


@dataclass
class HubPlan:
    hub_key: str
    contacts: list[ContactSpec]  # in the order received


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def pronouns(sex: str) -> dict[str, str]:
    if sex == Sex.MALE:
        words = {"he": "he", "him": "him", "his": "his"}
    elif sex == Sex.FEMALE:
        words = {"he": "she", "him": "her", "his": "her"}
    else:
        words = {"he": "they", "him": "them", "his": "their"}
    return words | {k.capitalize(): v.capitalize() for k, v in words.items()}


_SENTENCE_START: Final = re.compile(r"(^|[.!?]\s+)([a-z])")


def sentence_case(text: str) -> str:
    """Capitalise each sentence's first letter (a placeholder such as "mum" may start one)."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def school_holiday(day: dt.date) -> bool:
    """Roughly when English schools are closed (so schools do not refer)."""
    md = (day.month, day.day)
    return (7, 23) <= md <= (9, 2) or md >= (12, 21) or md <= (1, 3) or (10, 26) <= md <= (11, 1)


class Identifiers:
    """Synthetic, valid, unique identifiers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nhs_used: set[str] = set()
        self.upn_used: set[str] = set()

    def nhs_number(self) -> str:
        # 999 is the prefix NHS England keeps for test numbers: never a real patient.
        while True:
            first_nine = "999" + f"{self.rng.randrange(1_000_000):06d}"
            check = identifiers.nhs_check_digit(first_nine)
            number = f"{first_nine}{check}"
            if check is not None and number not in self.nhs_used and identifiers.nhs_number_is_valid(number):
                self.nhs_used.add(number)
                return number

    def upn(self, la_code: str, start_year: int) -> str:
        while True:
            school = f"{self.rng.choice((2, 3, 4))}{self.rng.randrange(1000):03d}"
            body = f"{la_code}{school}{start_year % 100:02d}{self.rng.randrange(1000):03d}"
            number = identifiers.upn_check_letter(body) + body
            if number not in self.upn_used:
                self.upn_used.add(number)
                return number


def synthetic_full_name(rng: random.Random, sex: str | None = None, pool: str | None = None) -> tuple[str, str]:
    """A synthetic adult's first name and surname."""
    names = NAME_POOLS[pool or rng.choices(("british", "british", "british", "south_asian", "african", "caribbean"))[0]]
    sex = sex or rng.choice((Sex.MALE, Sex.FEMALE))
    first = rng.choice(names.men if sex == Sex.MALE else names.women)
    return first, rng.choice(names.surnames)


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class HubGenerator:
    """Plans a year of contacts for one hub, ending `now`, with today's live queue."""

    def __init__(
        self,
        *,
        rng: random.Random,
        hub: HubInfo,
        now: dt.datetime,
        total: int,
        ids: Identifiers,
        key_start: int = 1,
    ) -> None:
        self.rng = rng
        self.hub = hub
        self.cal = hub.calendar
        self.tz = hub.calendar.tz
        self.now = now
        self.today = now.astimezone(self.tz).date()
        self.total = total
        self.ids = ids
        self.next_key = key_start
        self.place = PLACES[hub.key]
        self.level_mix = {c: s for c, s in LEVEL_MIX[hub.key].items() if c in hub.levels} or {
            c: 1.0 for c in hub.levels
        }
        self.day_minutes = self.cal.day_length_minutes()
        self.people_by_family: dict[int, Family] = {}
        self.last_contact: dict[int, dt.datetime] = {}  # subject key -> received_at of last contact

    # -- time --------------------------------------------------------------

    def _minute_of(self, t: dt.time) -> int:
        return t.hour * 60 + t.minute

    def draw_received(self, source: str, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        """A realistic time for a contact from `source` in [start, end)."""
        ooh = OUT_OF_HOURS_SHARE.get(source, DEFAULT_OUT_OF_HOURS_SHARE)
        first = start.astimezone(self.tz).date()
        days = (end.astimezone(self.tz).date() - first).days + 1
        open_min = self._minute_of(self.cal.day_start)
        close_min = self._minute_of(self.cal.day_end)
        # Decide in or out of hours once: re-deciding on each retry would favour out of hours,
        # since in-hours draws that land on a weekend are retried and out-of-hours ones never are.
        out_of_hours = self.rng.random() < ooh
        for _ in range(2000):
            day = first + dt.timedelta(days=self.rng.randrange(days))
            if source in (ReferralSource.SCHOOLS, ReferralSource.SCHOOL_NURSE) and school_holiday(day):
                continue
            working = self.cal.is_working_day(day)
            if out_of_hours and source in ROUND_THE_CLOCK_SOURCES:
                if working:
                    evening = self.rng.random() < 0.6
                    minute = self.rng.randrange(close_min, 24 * 60) if evening else self.rng.randrange(0, open_min)
                else:
                    minute = self.rng.randrange(0, 24 * 60)
            elif out_of_hours:  # other professionals: an evening email, a weekend form
                minute = self.rng.randrange(close_min, 21 * 60) if working else self.rng.randrange(10 * 60, 18 * 60)
            else:
                if not working:
                    continue
                # Busier in the morning.
                minute = open_min + int((close_min - open_min) * self.rng.betavariate(1.5, 2.0))
            local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=self.tz)
            moment = local + dt.timedelta(seconds=self.rng.randrange(60))
            if start <= moment < end:
                return moment
        return start + (end - start) * self.rng.random()

    def triage_time(self, received: dt.datetime, level: LevelInfo, *, late_allowed: bool = True) -> dt.datetime:
        """When triage was decided: mostly within the level's timeline (and the one-day clock)."""
        referral_due = worktime.add_working_days(self.cal, received, 1)
        target = referral_due
        if level.timeline_amount is not None:
            target = min(target, worktime.deadline(self.cal, received, level.timeline_amount, level.timeline_unit))
        available = max(worktime.working_minutes_between(self.cal, received, target), 10)
        if late_allowed and self.rng.random() < LATE_SHARE:
            return worktime.add_working_minutes(self.cal, target, self.rng.randint(20, 2 * self.day_minutes))
        minutes = 5 + int((available - 6) * self.rng.betavariate(1.2, 2.5))
        return worktime.add_working_minutes(self.cal, received, minutes) + dt.timedelta(seconds=self.rng.randrange(60))

    def recorded_times(self, received: dt.datetime, decided: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
        """When the draft was started and submitted: shortly after receipt, in working time."""
        submitted = worktime.add_working_minutes(self.cal, received, self.rng.randint(3, 40))
        if decided is not None and submitted >= decided:
            submitted = received + (decided - received) / 2
        started = max(received, submitted - dt.timedelta(minutes=self.rng.randint(2, 15)))
        return started, submitted

    # -- the plan ------------------------------------------------------------

    def plan(self) -> HubPlan:
        n_awaiting = min(self.rng.randint(6, 12), max(2, self.total // 10))
        n_in_mash = min(self.rng.randint(5, 10), max(1, self.total // 15))
        n_history = max(self.total - n_awaiting - n_in_mash, 0)
        start = self.now - dt.timedelta(days=365)
        specs: list[ContactSpec] = []
        for _ in range(n_history):
            specs.append(self._history_timing(start))
        overdue = min(2, n_awaiting - 1)
        for i in range(n_awaiting):
            specs.append(self._awaiting_timing(past_clock=i < overdue))
        for _ in range(n_in_mash):
            specs.append(self._in_mash_timing())
        specs.sort(key=lambda s: s.received_at)
        rate = RE_REFERRAL_RATES.get(self.hub.key, 0.22)
        repeats = 0
        for i, spec in enumerate(specs):
            deficit = rate * (i + 1) - repeats
            want_repeat = self.rng.random() < min(1.0, max(0.0, rate + 0.5 * deficit))
            family, subject = self._pick_repeat(spec) if want_repeat else (None, None)
            if family is not None and subject is not None:
                repeats += 1
                self._fill_repeat(spec, family, subject)
            else:
                self._fill_new(spec)
            self._fill_contact_fields(spec)
            if spec.phase != Phase.AWAITING:
                self._fill_triage(spec)
        return HubPlan(hub_key=self.hub.key, contacts=specs)

    def _draw_source(self, adult: bool) -> str:
        return weighted(self.rng, ADULT_SOURCE_SHARES if adult else SOURCE_SHARES)

    def _is_adult(self) -> bool:
        return self.hub.takes_adults and self.rng.random() < ADULT_SHARE

    def _history_timing(self, start: dt.datetime) -> ContactSpec:
        adult = self._is_adult()
        source = self._draw_source(adult)
        code = weighted(self.rng, self.level_mix)
        level = self.hub.levels[code]
        for _ in range(50):
            received = self.draw_received(source, start, self.now)
            decided = self.triage_time(received, level)
            if decided < self.now - dt.timedelta(minutes=5):
                break
            decided = self.triage_time(received, level, late_allowed=False)
            if decided < self.now - dt.timedelta(minutes=5):
                break
        else:  # the hub has had no working time since: move the contact back a week
            received -= dt.timedelta(days=7)
            decided = self.triage_time(received, level, late_allowed=False)
        started, submitted = self.recorded_times(received, decided)
        return ContactSpec(
            phase=Phase.HISTORY,
            received_at=received,
            source=source,
            level_code=code,
            is_adult=adult,
            decided_at=decided,
            submitted_at=submitted,
            started_at=started,
            by_manager=self.rng.random() < 0.25,
        )

    def _recent(self, source: str, low: int, high: int) -> dt.datetime:
        """A receipt time between `low` and `high` working minutes before now."""
        start = self.now - dt.timedelta(days=14)
        fallback = self.now - dt.timedelta(hours=1)
        for _ in range(3000):
            received = self.draw_received(source, start, self.now)
            waited = worktime.working_minutes_between(self.cal, received, self.now)
            if low <= waited <= high:
                return received
        return fallback

    def _awaiting_timing(self, *, past_clock: bool) -> ContactSpec:
        adult = self._is_adult()
        source = self._draw_source(adult)
        day = self.day_minutes
        if past_clock:  # a couple already past the one-working-day clock
            received = self._recent(source, day + 15, day + day // 2)
        else:  # received in the last working day
            received = self._recent(source, 0, day - 10)
        started, submitted = self.recorded_times(received, None)
        if submitted > self.now:  # arrived out of hours and logged on arrival (notifications, online forms)
            submitted = min(received + dt.timedelta(minutes=self.rng.randint(2, 20)), self.now)
            started = received
        return ContactSpec(
            phase=Phase.AWAITING,
            received_at=received,
            submitted_at=submitted,
            started_at=started,
            source=source,
            level_code=weighted(self.rng, self.level_mix),
            is_adult=adult,
        )

    def _in_mash_timing(self) -> ContactSpec:
        adult = self._is_adult()
        source = self._draw_source(adult)
        mash_levels = {c: s for c, s in self.level_mix.items() if Route.MASH in self.hub.levels[c].allowed_routes}
        code = weighted(self.rng, mash_levels)
        received = self._recent(source, 45, 4 * self.day_minutes)
        waited = worktime.working_minutes_between(self.cal, received, self.now)
        minutes = self.rng.randint(10, max(11, min(waited - 5, self.day_minutes)))
        decided = min(worktime.add_working_minutes(self.cal, received, minutes), self.now - dt.timedelta(minutes=2))
        started, submitted = self.recorded_times(received, decided)
        return ContactSpec(
            phase=Phase.IN_MASH,
            received_at=received,
            submitted_at=submitted,
            started_at=started,
            source=source,
            level_code=code,
            is_adult=adult,
            decided_at=decided,
        )

    # -- families ------------------------------------------------------------

    def _key(self) -> int:
        self.next_key += 1
        return self.next_key

    def _age_range(self, source: str) -> tuple[int, int]:
        return {
            "2A": (4, 17),
            "2B": (2, 17),
            "3B": (0, 4),
            "3C": (5, 17),
            "1C": (11, 17),
        }.get(source, (0, 17))

    def _child_age(self, source: str) -> int:
        low, high = self._age_range(source)
        ages = list(range(low, high + 1))
        # Babies and teenagers are referred more often than middle childhood.
        weights = [1.6 if a == 0 else 1.2 if a < 5 else 0.9 if a < 11 else 1.3 if a < 16 else 0.8 for a in ages]
        return self.rng.choices(ages, weights=weights)[0]

    def _dob(self, age: int, on: dt.date) -> dt.date:
        return on - dt.timedelta(days=age * 365 + self.rng.randrange(365) + age // 4)

    def _address(self, on: dt.date) -> AddressSpec:
        rng = self.rng
        street = f"{rng.choice(STREET_NAMES)} {rng.choice(STREET_KINDS)}"
        if rng.random() < 0.3:
            line_1, line_2 = f"Flat {rng.randint(1, 48)}, {rng.choice(BLOCK_NAMES)}", street
        else:
            line_1, line_2 = f"{rng.randint(1, 180)} {street}", ""
        district = rng.randint(1, 24)
        inward = f"{rng.randint(0, 9)}{rng.choice(POSTCODE_INWARD_LETTERS)}{rng.choice(POSTCODE_INWARD_LETTERS)}"
        postcode = identifiers.normalise_postcode(f"{self.place.postcode_area}{district} {inward}")
        if not identifiers.postcode_is_valid(postcode):
            raise ValueError(f"synthetic postcode {postcode!r} is not in UK format")
        moved_in = on - dt.timedelta(days=rng.randint(30, 365 * 8))
        return AddressSpec(
            line_1=line_1, line_2=line_2, town=rng.choice(self.place.localities), postcode=postcode, start_date=moved_in
        )

    def _copy_address(self, address: AddressSpec) -> AddressSpec:
        return AddressSpec(**address.__dict__)

    def _person(
        self,
        *,
        kind: str,
        sex: str,
        pool: NamePool,
        ethnicity: str,
        family_name: str,
        dob: dt.date | None,
        on: dt.date,
        adult_names: bool,
    ) -> PersonSpec:
        if sex == Sex.MALE:
            given = self.rng.choice(pool.men if adult_names else pool.boys)
        else:
            given = self.rng.choice(pool.women if adult_names else pool.girls)
        person = PersonSpec(
            key=self._key(),
            kind=kind,
            given_names=given,
            family_name=family_name,
            sex=sex,
            ethnicity=ethnicity,
            date_of_birth=dob,
        )
        if dob is not None and self.rng.random() < (0.9 if kind == PersonKind.CHILD else 0.65):
            person.nhs_number = self.ids.nhs_number()
        age = person.age_on(on)
        if kind == PersonKind.CHILD and age is not None and 5 <= age <= 16 and self.rng.random() < 0.7:
            person.upn = self.ids.upn(self.hub.la_code, on.year - age + 5)
        return person

    def _new_family(self, spec: ContactSpec) -> tuple[Family, PersonSpec]:
        rng = self.rng
        on = spec.received_at.astimezone(self.tz).date()
        newly_arrived = rng.random() < 0.04
        if newly_arrived:
            group, ethnicity = rng.choice(NEWLY_ARRIVED)
        else:
            ethnicity = weighted(rng, ETHNICITY_MIX[self.hub.key])
            group = rng.choice(ETHNICITY_POOLS[ethnicity])
        pool = NAME_POOLS[group]
        second_pool = NAME_POOLS[ETHNICITY_POOLS[ethnicity][-1]]
        surname = rng.choice(pool.surnames)
        address = self._address(on)

        if spec.is_adult:
            sex = Sex.FEMALE if rng.random() < 0.62 else Sex.MALE
            age = rng.randint(18, 94)
            adult = self._person(
                kind=PersonKind.ADULT,
                sex=sex,
                pool=pool,
                ethnicity=ethnicity,
                family_name=surname,
                dob=self._dob(age, on),
                on=on,
                adult_names=True,
            )
            adult.address = address
            family = Family(
                group=group,
                ethnicity=ethnicity,
                subjects=[adult],
                siblings=[],
                mother=None,
                father=None,
                household=[],
                address=address,
            )
            if rng.random() < 0.3:
                carer = self._person(
                    kind=PersonKind.ADULT,
                    sex=rng.choice((Sex.MALE, Sex.FEMALE)),
                    pool=pool,
                    ethnicity=ethnicity,
                    family_name=surname,
                    dob=self._dob(rng.randint(20, 70), on),
                    on=on,
                    adult_names=True,
                )
                carer.address = self._copy_address(address)
                family.household.append(carer)
            return family, adult

        unborn = spec.source in UNBORN_SOURCES and on > self.today - dt.timedelta(days=180) and rng.random() < 0.3
        if unborn:
            earliest = max(on + dt.timedelta(days=14), self.today + dt.timedelta(days=7))
            latest = on + dt.timedelta(days=230)
            if earliest >= latest:
                unborn = False
        if unborn:
            edd = earliest + dt.timedelta(days=rng.randrange((latest - earliest).days))
            subject = PersonSpec(
                key=self._key(),
                kind=PersonKind.CHILD,
                given_names="",
                family_name=surname,
                sex=Sex.UNKNOWN,
                ethnicity=ethnicity,
                expected_date_of_birth=edd,
            )
            child_age = 0
        else:
            child_age = self._child_age(spec.source)
            sex = rng.choice((Sex.MALE, Sex.FEMALE))
            subject_pool = pool if rng.random() < 0.7 else second_pool
            subject = self._person(
                kind=PersonKind.CHILD,
                sex=sex,
                pool=subject_pool,
                ethnicity=ethnicity,
                family_name=surname,
                dob=self._dob(child_age, on),
                on=on,
                adult_names=False,
            )
        subject.address = address
        if not unborn and rng.random() < ALLOCATED_SHARE:
            first, last = synthetic_full_name(rng)
            subject.allocated_worker = f"{first} {last}"
            subject.allocated_team = rng.choice(CHILDREN_TEAMS)
        if spec.source == ReferralSource.POLICE and rng.random() < 0.5:
            subject.police_reference = f"{rng.randint(1, 99):02d}/{rng.randint(100000, 999999)}/{on.year % 100:02d}"

        siblings: list[PersonSpec] = []
        n_sib = 0 if unborn else rng.choices((0, 1, 2), weights=(55, 35, 10))[0]
        for _ in range(n_sib):
            age = max(0, min(17, child_age + rng.choice((-6, -4, -3, -2, 2, 3, 4, 6))))
            sib = self._person(
                kind=PersonKind.CHILD,
                sex=rng.choice((Sex.MALE, Sex.FEMALE)),
                pool=pool,
                ethnicity=ethnicity,
                family_name=surname,
                dob=self._dob(age, on),
                on=on,
                adult_names=False,
            )
            sib.address = self._copy_address(address)
            siblings.append(sib)

        oldest = max([child_age] + [s.age_on(on) or 0 for s in siblings])
        mother_age = min(55, oldest + rng.randint(18, 38))
        if unborn:
            mother_age = rng.randint(18, 40)
        mother: PersonSpec | None = None
        if unborn or rng.random() < 0.93:
            mother_surname = surname if rng.random() < 0.75 else rng.choice(pool.surnames)
            mother = self._person(
                kind=PersonKind.ADULT,
                sex=Sex.FEMALE,
                pool=pool,
                ethnicity=ethnicity,
                family_name=mother_surname,
                dob=self._dob(mother_age, on),
                on=on,
                adult_names=True,
            )
            mother.address = self._copy_address(address)
            if rng.random() < 0.06:
                mother.other_names.append((mother.given_names, rng.choice(pool.surnames)))
        father: PersonSpec | None = None
        if rng.random() < 0.62:
            father = self._person(
                kind=PersonKind.ADULT,
                sex=Sex.MALE,
                pool=second_pool,
                ethnicity=ethnicity,
                family_name=surname,
                dob=self._dob(max(18, mother_age + rng.randint(-2, 8)), on),
                on=on,
                adult_names=True,
            )
            father.address = self._copy_address(address) if rng.random() < 0.6 else self._address(on)
        household: list[PersonSpec] = []
        if rng.random() < 0.14:
            _, last = synthetic_full_name(rng, Sex.MALE)
            lodger = self._person(
                kind=PersonKind.ADULT,
                sex=Sex.MALE,
                pool=NAME_POOLS["british"],
                ethnicity=Ethnicity.NOBT,
                family_name=last,
                dob=self._dob(rng.randint(20, 50), on),
                on=on,
                adult_names=True,
            )
            lodger.address = self._copy_address(address)
            household.append(lodger)

        adults = [p for p in (mother, father, *household) if p is not None]
        everyone = [subject, *siblings, *adults]
        if newly_arrived:
            language = rng.choice(pool.languages or LANGUAGE_FALLBACK)
            for p in everyone:
                p.newly_arrived = True
                p.nhs_number = "" if rng.random() < 0.5 else p.nhs_number
                p.upn = ""
            for p in adults:
                p.interpreter_needed = rng.random() < 0.8
                p.language = language
        if rng.random() < (0.25 if newly_arrived else 0.025):
            for p in everyone:
                p.no_recourse_to_public_funds = True
        for p in adults:
            adult_age = p.age_on(on)
            if adult_age is not None and 18 <= adult_age <= 25 and rng.random() < 0.3:
                p.care_leaver = True

        family = Family(
            group=group,
            ethnicity=ethnicity,
            subjects=[subject],
            siblings=siblings,
            mother=mother,
            father=father,
            household=household,
            address=address,
        )
        return family, subject

    def _family_relationships(self, family: Family, new: set[int]) -> list[RelationshipSpec]:
        """Relationships among a family's people, for the people just created (keys in `new`)."""
        rng = self.rng
        out: list[RelationshipSpec] = []
        children = family.subjects + family.siblings
        partner = family.household[0] if family.household else None
        for child in children:
            if child.kind != PersonKind.CHILD:
                continue
            if family.mother is not None and (child.key in new or family.mother.key in new):
                out.append(RelationshipSpec(family.mother, child, RelationshipKind.MOTHER, True))
            if family.father is not None and (child.key in new or family.father.key in new):
                out.append(RelationshipSpec(family.father, child, RelationshipKind.FATHER, rng.random() < 0.85))
            if partner is not None and (child.key in new or partner.key in new):
                out.append(RelationshipSpec(partner, child, RelationshipKind.HOUSEHOLD_MEMBER, False))
        for a in children:
            for b in children:
                if a is not b and a.kind == b.kind == PersonKind.CHILD and (a.key in new or b.key in new):
                    out.append(RelationshipSpec(a, b, RelationshipKind.SIBLING, False))
        if family.subjects and family.subjects[0].kind == PersonKind.ADULT:
            for carer in family.household:
                if carer.key in new:
                    out.append(RelationshipSpec(carer, family.subjects[0], RelationshipKind.HOUSEHOLD_MEMBER, False))
        elif partner is not None and family.mother is not None and partner.key in new:
            out.append(RelationshipSpec(partner, family.mother, RelationshipKind.PARTNER, False))
        return out

    def _fill_new(self, spec: ContactSpec) -> None:
        family, subject = self._new_family(spec)
        family.contacts = 1
        family.live = spec.phase != Phase.HISTORY
        subject_part = Part.ADULT_AT_RISK if spec.is_adult else Part.SUBJECT
        spec.links.append(LinkSpec(subject, subject_part, False))
        for sib in family.siblings:
            spec.links.append(LinkSpec(sib, Part.SIBLING, False))
        for parent in (family.mother, family.father):
            if parent is not None:
                spec.links.append(LinkSpec(parent, Part.PARENT_CARER, False))
        for other in family.household:
            spec.links.append(LinkSpec(other, Part.HOUSEHOLD_ADULT, False))
        new = {link.person.key for link in spec.links}
        spec.relationships = self._family_relationships(family, new)
        for p in (subject, *family.siblings):
            self.people_by_family[p.key] = family
        self.last_contact[subject.key] = spec.received_at

    def _pick_repeat(self, spec: ContactSpec) -> tuple[Family | None, PersonSpec | None]:
        """A child (or adult) who had a contact in the 12 months before this one, suitable for its source."""
        on = spec.received_at.astimezone(self.tz).date()
        year_ago = spec.received_at - dt.timedelta(days=365)
        low, high = self._age_range(spec.source)
        candidates: list[tuple[Family, PersonSpec]] = []
        for key, last in self.last_contact.items():
            if not (year_ago <= last < spec.received_at):
                continue
            family = self.people_by_family[key]
            person = next(p for p in family.subjects + family.siblings if p.key == key)
            if (person.kind == PersonKind.ADULT) != spec.is_adult or family.contacts >= 5:
                continue
            if family.live and spec.phase == Phase.HISTORY:
                continue
            age = person.age_on(on)
            if not spec.is_adult:
                if age is None and spec.source not in UNBORN_SOURCES:
                    continue
                if age is not None and not (low <= age <= high):
                    continue
            candidates.append((family, person))
        if not candidates:
            return None, None
        # Families often come back within a few months.
        recent = [c for c in candidates if self.last_contact[c[1].key] > spec.received_at - dt.timedelta(days=120)]
        return self.rng.choice(recent if recent and self.rng.random() < 0.6 else candidates)

    def _fill_repeat(self, spec: ContactSpec, family: Family, subject: PersonSpec) -> None:
        spec.is_re_referral = True
        family.contacts += 1
        spec.links.append(LinkSpec(subject, Part.ADULT_AT_RISK if spec.is_adult else Part.SUBJECT, True))
        for child in family.subjects + family.siblings:
            if child is not subject and self.rng.random() < 0.7:
                spec.links.append(LinkSpec(child, Part.SIBLING, True))
        for parent in (family.mother, family.father):
            if parent is not None and self.rng.random() < 0.9:
                spec.links.append(LinkSpec(parent, Part.PARENT_CARER, True))
        for other in family.household:
            spec.links.append(LinkSpec(other, Part.HOUSEHOLD_ADULT, True))
        on = spec.received_at.astimezone(self.tz).date()
        if not spec.is_adult and family.mother is not None and not family.household and self.rng.random() < 0.15:
            # A new partner has moved in since the last contact.
            _, last = synthetic_full_name(self.rng, Sex.MALE)
            partner = self._person(
                kind=PersonKind.ADULT,
                sex=Sex.MALE,
                pool=NAME_POOLS["british"],
                ethnicity=Ethnicity.NOBT,
                family_name=last,
                dob=self._dob(self.rng.randint(20, 50), on),
                on=on,
                adult_names=True,
            )
            partner.address = self._copy_address(family.address)
            family.household.append(partner)
            family.live = family.live or spec.phase != Phase.HISTORY
            spec.links.append(LinkSpec(partner, Part.HOUSEHOLD_ADULT, False))
            spec.relationships = self._family_relationships(family, {partner.key})
        self.last_contact[subject.key] = spec.received_at

    # -- words ---------------------------------------------------------------

    def _subject(self, spec: ContactSpec) -> PersonSpec:
        return next(link.person for link in spec.links if link.part in (Part.SUBJECT, Part.ADULT_AT_RISK))

    def _people(self, spec: ContactSpec) -> tuple[PersonSpec | None, PersonSpec | None]:
        mother = next(
            (link.person for link in spec.links if link.part == Part.PARENT_CARER and link.person.sex == Sex.FEMALE),
            None,
        )
        partner = next((link.person for link in spec.links if link.part == Part.HOUSEHOLD_ADULT), None) or next(
            (link.person for link in spec.links if link.part == Part.PARENT_CARER and link.person.sex == Sex.MALE), None
        )
        return mother, partner

    def _words(self, spec: ContactSpec) -> dict[str, str]:
        rng = self.rng
        subject = self._subject(spec)
        local = spec.received_at.astimezone(self.tz)
        mother, partner = self._people(spec)
        age = subject.age_on(local.date())
        school = f"{rng.choice(self.place.localities)} {rng.choice(('Primary School', 'Academy', 'Community School'))}"
        if rng.random() < 0.25:
            school = f"{rng.choice(SAINTS)}'s Primary School"
        if spec.source == ReferralSource.POLICE:  # police attend in the evening and at night
            time = f"{rng.choice((19, 20, 21, 22, 23, 0, 1, 2)):02d}:{rng.choice(('05', '20', '35', '50'))}"
        else:
            time = local.strftime("%H:%M")
        words = {
            "c": subject.given_names or "the baby",
            "age": str(age) if age is not None else "unborn",
            "year": str(max(1, min(13, (age or 5) - 4))),
            "mum": mother.given_names if mother else "mum",
            "partner": partner.given_names if partner else "her partner",
            "day": rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")),
            "time": time,
            "school": school,
            "hospital": self.place.hospital,
            "weeks": str(rng.randint(12, 34)),
        }
        return words | pronouns(subject.sex)

    def _template(self, spec: ContactSpec) -> Template:
        """A narrative template that fits the source, the child's age and the level's band.

        Prefer the source's own group at the exact band, then the generic words at that band
        (for adults and unborn babies, their own group at the nearest band).
        """
        subject = self._subject(spec)
        band = LEVEL_BANDS.get(spec.level_code, "additional")
        if spec.is_adult:
            group = "adult"
        elif subject.expected_date_of_birth is not None:
            group = "unborn"
        else:
            group = SOURCE_GROUP.get(spec.source, "generic")
        known_age = subject.age_on(spec.received_at.astimezone(self.tz).date())
        age = 0 if known_age is None else known_age

        def fits(t: Template, any_source: bool = False) -> bool:
            return t.min_age <= age <= t.max_age and (any_source or not t.sources or spec.source in t.sources)

        exact = [t for t in NARRATIVES[group] if fits(t) and t.band == band]
        if exact:
            return self.rng.choice(exact)
        fallback = group if group in ("adult", "unborn") else "generic"
        fitting = [t for t in NARRATIVES[fallback] if fits(t, any_source=True)] or list(NARRATIVES["generic"])
        rank = BAND_ORDER.index(band)
        nearest = min(abs(BAND_ORDER.index(t.band) - rank) for t in fitting)
        return self.rng.choice([t for t in fitting if abs(BAND_ORDER.index(t.band) - rank) == nearest])

    def _fill_contact_fields(self, spec: ContactSpec) -> None:
        rng = self.rng
        source = spec.source
        band = LEVEL_BANDS.get(spec.level_code, "additional")
        template = self._template(spec)
        locality = rng.choice(self.place.localities)
        agency, role = self._referrer_agency(source, locality)
        if template.agency:
            agency = template.agency.format(place=locality)
        role = template.role or role
        words = self._words(spec)
        if source == ReferralSource.SCHOOLS:  # the school that refers is the one the child attends
            age = self._subject(spec).age_on(spec.received_at.astimezone(self.tz).date()) or 0
            kinds = (
                ("Primary School", "Primary Academy", "C of E Primary School")
                if age < 11
                else ("High School", "Academy")
            )
            agency = words["school"] = f"{locality} {rng.choice(kinds)}"
        spec.fields["concern"] = sentence_case(template.text.format_map(words))
        spec.issue = template.issue.format_map(words)
        first, last = synthetic_full_name(rng)
        phone = f"{self.place.phone_prefix}{rng.randrange(1000):03d}"
        mobile = f"07700 900{rng.randrange(1000):03d}"
        referrer_type = ReferrerType.PROFESSIONAL
        channel = weighted(rng, {Channel.FORM: 0.6, Channel.PHONE: 0.25, Channel.EMAIL: 0.15})
        name = f"{first} {last}"
        email = ""
        wants_anonymity = False
        if source == ReferralSource.POLICE:
            channel = Channel.POLICE_NOTIFICATION if rng.random() < 0.9 else Channel.PHONE
        elif source == ReferralSource.ANONYMOUS:
            referrer_type, channel, name, agency, role, phone = ReferrerType.ANONYMOUS, Channel.PHONE, "", "", "", ""
            if rng.random() < 0.25:
                channel = Channel.FORM
        elif source in ("1A", "1B", "1C", "1D"):
            channel = Channel.PHONE if rng.random() < 0.8 else Channel.FORM
            phone, agency = mobile, ""
            if source == ReferralSource.FAMILY:
                role = role or rng.choice(("Mother", "Grandmother", "Aunt", "Father"))
                referrer_type = ReferrerType.PARENT if role in ("Mother", "Father") else ReferrerType.PUBLIC
            elif source == ReferralSource.SELF:
                referrer_type = ReferrerType.CHILD if not spec.is_adult else ReferrerType.PUBLIC
                subject = self._subject(spec)
                name, role = f"{subject.given_names} {subject.family_name}".strip(), "Self"
            else:
                referrer_type = ReferrerType.PUBLIC
                role = role or ("Neighbour" if source == ReferralSource.ACQUAINTANCE else "Member of the public")
                wants_anonymity = rng.random() < 0.4
        elif source == ReferralSource.UNKNOWN:
            channel = rng.choice((Channel.EMAIL, Channel.OTHER, Channel.PHONE))
            referrer_type = ReferrerType.PROFESSIONAL if rng.random() < 0.6 else ReferrerType.PUBLIC
            if referrer_type == ReferrerType.PUBLIC:
                agency, role, phone = "", "", mobile
        if referrer_type == ReferrerType.PROFESSIONAL and agency and rng.random() < 0.7:
            domain = "-".join("".join(ch for ch in word if ch.isalnum()) for word in agency.lower().split())
            domain = "-".join(part for part in domain.split("-") if part)[:50].strip("-")
            email = f"{first.lower()}.{''.join(ch for ch in last.lower() if ch.isalpha())}@{domain}.example"
        spec.fields.update(
            channel=channel,
            referral_source=source,
            referrer_type=referrer_type,
            referrer_name=name,
            referrer_agency=agency,
            referrer_role=role,
            referrer_phone=phone,
            referrer_email=email,
            referrer_wants_anonymity=wants_anonymity,
            **self._consent(referrer_type, source, band),
        )

    def _referrer_agency(self, source: str, locality: str) -> tuple[str, str]:
        rng = self.rng
        hospital = self.place.hospital
        options: dict[str, tuple[str, str]] = {
            "6": (
                "Police: Public Protection Unit",
                rng.choice(("Police constable", "Detective constable", "Police sergeant")),
            ),
            "2A": (
                f"{locality} {rng.choice(('Primary School', 'Academy', 'High School'))}",
                "Designated safeguarding lead",
            ),
            "2B": ("Education Welfare Service", rng.choice(("Education welfare officer", "SEND caseworker"))),
            "3A": (f"{locality} Medical Centre", "GP"),
            "3B": (f"{locality} Health Visiting Team", "Health visitor"),
            "3C": ("School Nursing Service", "School nurse"),
            "3D": (f"{locality} Community Midwifery", rng.choice(("Community midwife", "Practice nurse"))),
            "3E": (
                f"{hospital}, Emergency Department",
                rng.choice(("Emergency department nurse", "Paediatric registrar")),
            ),
            "3F": (hospital, rng.choice(("Safeguarding nurse", "Paediatrician", "Mental health liaison nurse"))),
            "4": (f"{locality} Housing Options", "Housing officer"),
            "5A": ("Children's Social Care: Children in Need Team", "Social worker"),
            "5B": ("Youth Justice Service", "Youth justice officer"),
            "5C": ("Another local authority: Children's Services", "Social worker"),
            "5D": (f"{locality} Family Hub", "Early Help practitioner"),
            "7": rng.choice(
                (
                    ("Probation Service", "Probation officer"),
                    ("Cafcass", "Family court adviser"),
                    ("Immigration Enforcement", "Safeguarding officer"),
                )
            ),
            "8": rng.choice(
                (
                    (f"{locality} Children's Centre", "Family support worker"),
                    (f"{locality} Food Bank", "Volunteer coordinator"),
                    ("Domestic abuse charity", "IDVA"),
                    (f"{locality} Youth Club", "Youth worker"),
                )
            ),
            "10": ("", ""),
        }
        return options.get(source, ("", ""))

    def _consent(self, referrer_type: str, source: str, band: str) -> dict[str, object]:
        rng = self.rng
        yes, no, unknown = YesNoUnknown.YES, YesNoUnknown.NO, YesNoUnknown.UNKNOWN
        if referrer_type == ReferrerType.ANONYMOUS or source == ReferralSource.UNKNOWN:
            return {
                "family_aware": unknown,
                "referrer_asked_consent": unknown,
                "family_agreed": unknown,
                "consent_detail": "",
            }
        if referrer_type in (ReferrerType.PARENT, ReferrerType.CHILD):
            return {
                "family_aware": yes,
                "referrer_asked_consent": unknown,
                "family_agreed": unknown,
                "consent_detail": "",
            }
        if referrer_type == ReferrerType.PUBLIC:
            return {
                "family_aware": rng.choice((no, unknown)),
                "referrer_asked_consent": no,
                "family_agreed": unknown,
                "consent_detail": "",
            }
        if source == ReferralSource.POLICE:
            return {
                "family_aware": yes,
                "referrer_asked_consent": no,
                "family_agreed": unknown,
                "consent_detail": "Family told officers would share the incident with children's services.",
            }
        if band == "acute":
            return {
                "family_aware": rng.choice((no, no, unknown)),
                "referrer_asked_consent": no,
                "family_agreed": unknown,
                "consent_detail": "Not asked: referrer worried that telling the family would put the child at risk.",
            }
        if band == "complex" and rng.random() < 0.5:
            return {"family_aware": yes, "referrer_asked_consent": no, "family_agreed": unknown, "consent_detail": ""}
        agreed = rng.choices((yes, no, unknown), weights=(75, 15, 10))[0]
        detail = {
            yes: rng.choice(
                (
                    "Mother agreed to the referral for support.",
                    "Parents agreed; want help with routines.",
                    "Mother agreed to the referral and to the school sharing attendance information.",
                )
            ),
            no: "Mother did not want the referral but was told it would be made.",
            unknown: "",
        }[agreed]
        return {"family_aware": yes, "referrer_asked_consent": yes, "family_agreed": agreed, "consent_detail": detail}

    def _fill_triage(self, spec: ContactSpec) -> None:
        rng = self.rng
        level = self.hub.levels[spec.level_code]
        subject = self._subject(spec)
        if spec.phase == Phase.IN_MASH:
            route = Route.MASH.value
        else:
            weights = {r: w for r, w in ROUTE_MIX.get(level.code, {}).items() if r in level.allowed_routes}
            if not weights:
                weights = {r: 1.0 for r in level.allowed_routes if r != Route.ALLOCATED_WORKER}
            route = weighted(rng, weights)
            if subject.allocated_worker and Route.ALLOCATED_WORKER in level.allowed_routes and rng.random() < 0.85:
                route = Route.ALLOCATED_WORKER.value
        codes = list(self.hub.indicator_codes.get(level.code, ()))
        chosen = sorted(rng.sample(codes, k=min(len(codes), rng.randint(1, 3)))) if codes else []
        issue = spec.issue
        template = rng.choice(RATIONALES[Route(route)])
        words = {"issue": issue, "Issue": issue[:1].upper() + issue[1:], "C": subject.given_names or "The unborn baby"}
        rationale = template.format_map(words)
        if spec.is_re_referral:
            rationale += " Previous contact within the last 12 months noted."
        if spec.decided_at is None:
            raise ValueError("a triaged contact needs a decision time")
        spec.triage = TriageSpec(
            level_code=level.code,
            route=route,
            rationale=rationale,
            indicator_codes=chosen,
            decided_at=spec.decided_at,
        )


def plan_hub(
    *, rng: random.Random, hub: HubInfo, now: dt.datetime, total: int, ids: Identifiers, key_start: int
) -> HubPlan:
    """Plan a year of synthetic contacts for one hub, ending `now`."""
    return HubGenerator(rng=rng, hub=hub, now=now, total=total, ids=ids, key_start=key_start).plan()
