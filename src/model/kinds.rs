//! The closed lists of organisation and event kinds (documented in docs/data-format.md).

use std::fmt;

macro_rules! closed_kind {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// Every kind, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The spelling used in data files and on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// A short human label for lists and filters.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// All spellings, for error messages and `--help`.
            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|k| k.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_kind! {
    /// What sort of body an organisation is.
    OrgKind {
        Trust => "trust", "trust";
        NationalBody => "national-body", "national body";
        Government => "government", "government";
        Regulator => "regulator", "regulator";
        Commissioner => "commissioner", "commissioner";
        Ics => "ics", "integrated care system";
        Icb => "icb", "integrated care board";
        Partnership => "partnership", "partnership";
        Provider => "provider", "provider";
        Supplier => "supplier", "supplier";
        Consultancy => "consultancy", "consultancy";
        Network => "network", "network";
        ProfessionalBody => "professional-body", "professional body";
        Academic => "academic", "academic";
        Charity => "charity", "charity";
        Media => "media", "media";
        Other => "other", "other";
    }
}

closed_kind! {
    /// What an NHS trust mainly provides (`sector` in data files; trusts only).
    Sector {
        Acute => "acute", "acute";
        MentalHealth => "mental-health", "mental health";
        Community => "community", "community";
        Ambulance => "ambulance", "ambulance";
        Specialist => "specialist", "specialist";
        Combined => "combined", "combined acute and community or mental health";
    }
}

/// The seven NHS England regions, spelled as `region` must spell them on trusts and ICBs.
pub const NHS_REGIONS: &[&str] = &[
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
];

closed_kind! {
    /// What sort of thing happened.
    EventKind {
        Appointment => "appointment", "appointment";
        Departure => "departure", "departure";
        Announcement => "announcement", "announcement";
        Launch => "launch", "launch";
        GoLive => "go-live", "go-live";
        Contract => "contract", "contract";
        Procurement => "procurement", "procurement";
        Funding => "funding", "funding";
        Reorganisation => "reorganisation", "reorganisation";
        Policy => "policy", "policy";
        Report => "report", "report";
        Award => "award", "award";
        Incident => "incident", "incident";
        Other => "other", "other";
    }
}

impl OrgKind {
    /// Public bodies of the NHS and government (as opposed to the private sector), for
    /// telling a move into industry from a move within the service.
    pub fn is_public_sector(self) -> bool {
        matches!(
            self,
            OrgKind::Trust
                | OrgKind::NationalBody
                | OrgKind::Government
                | OrgKind::Regulator
                | OrgKind::Commissioner
                | OrgKind::Ics
                | OrgKind::Icb
                | OrgKind::Partnership
        )
    }
}

impl EventKind {
    /// A tag of at most eight characters, so a list can mark the kind in text (not colour).
    pub fn tag(self) -> &'static str {
        match self {
            EventKind::Appointment => "appoint",
            EventKind::Departure => "depart",
            EventKind::Announcement => "announce",
            EventKind::Launch => "launch",
            EventKind::GoLive => "go-live",
            EventKind::Contract => "contract",
            EventKind::Procurement => "procure",
            EventKind::Funding => "funding",
            EventKind::Reorganisation => "reorg",
            EventKind::Policy => "policy",
            EventKind::Report => "report",
            EventKind::Award => "award",
            EventKind::Incident => "incident",
            EventKind::Other => "other",
        }
    }
}
