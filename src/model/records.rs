//! Records exactly as a data file writes them, with byte spans kept so that validation can
//! point at the offending value. Nothing here is checked beyond TOML types; see `dataset`.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;
use toml::Spanned;

pub type Text = Spanned<String>;
pub type Ids = Spanned<Vec<Spanned<String>>>;

/// A date as written: a TOML local date or a string, parsed later so that the error can say
/// what is wrong with it in the curator's terms.
#[derive(Debug, Clone)]
pub struct RawDate(pub String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawDateVisitor)
    }
}

struct RawDateVisitor;

/// The name under which the toml crate hands a datetime to a visitor.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

impl<'de> Visitor<'de> for RawDateVisitor {
    type Value = RawDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2017-10-31 or a string such as \"2017\" or \"~2015-07\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate, E> {
        Ok(RawDate(v.to_owned()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDate, E> {
        Err(E::custom(format!(
            "a bare number is not a date; write the year as a string: \"{v}\""
        )))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDate, A::Error> {
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(TOML_DATETIME_FIELD) {
            return Err(de::Error::custom(
                "expected a date such as 2017-10-31 or \"2017-10\", found a table",
            ));
        }
        let text: String = map.next_value()?;
        if text.len() != 10 || text.contains([':', 'T', 't', ' ']) {
            return Err(de::Error::custom(format!(
                "{text} has a time or offset; a date here is a day at most, such as 2017-10-31"
            )));
        }
        Ok(RawDate(text))
    }
}

/// The fields a record may have; `true` marks a required one. Checked before serde so that
/// every unknown and every missing field of a record is reported at once.
pub type FieldSpec = &'static [(&'static str, bool)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Text,
    pub title: Text,
    pub publisher: Text,
    pub published: Spanned<RawDate>,
    pub url: Option<Text>,
    pub author: Option<Text>,
    pub note: Option<Text>,
}

impl RawSource {
    pub const FIELDS: FieldSpec = &[
        ("id", true),
        ("title", true),
        ("publisher", true),
        ("published", true),
        ("url", false),
        ("author", false),
        ("note", false),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFormerName {
    pub name: Text,
    pub until: Option<Spanned<RawDate>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation {
    pub id: Text,
    pub name: Text,
    pub kind: Text,
    #[serde(default)]
    pub aliases: Vec<Text>,
    #[serde(default)]
    pub former_names: Vec<Spanned<RawFormerName>>,
    pub start: Option<Spanned<RawDate>>,
    pub end: Option<Spanned<RawDate>>,
    pub parent: Option<Text>,
    pub predecessor: Option<Text>,
    pub successor: Option<Text>,
    pub region: Option<Text>,
    pub country: Option<Text>,
    pub summary: Option<Text>,
    pub sources: Option<Ids>,
}

impl RawOrganisation {
    pub const FIELDS: FieldSpec = &[
        ("id", true),
        ("name", true),
        ("kind", true),
        ("aliases", false),
        ("former_names", false),
        ("start", false),
        ("end", false),
        ("parent", false),
        ("predecessor", false),
        ("successor", false),
        ("region", false),
        ("country", false),
        ("summary", false),
        ("sources", false),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub honorific: Option<Text>,
    pub summary: Option<Text>,
    pub sources: Option<Ids>,
}

impl RawPerson {
    pub const FIELDS: FieldSpec = &[
        ("id", true),
        ("name", true),
        ("aliases", false),
        ("honorific", false),
        ("summary", false),
        ("sources", false),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub person: Text,
    pub organisation: Text,
    pub title: Text,
    pub start: Option<Spanned<RawDate>>,
    pub end: Option<Spanned<RawDate>>,
    pub attested: Option<Spanned<RawDate>>,
    #[serde(default)]
    pub interim: bool,
    pub note: Option<Text>,
    pub sources: Ids,
}

impl RawRole {
    pub const FIELDS: FieldSpec = &[
        ("person", true),
        ("organisation", true),
        ("title", true),
        ("start", false),
        ("end", false),
        ("attested", false),
        ("interim", false),
        ("note", false),
        ("sources", true),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgramme {
    pub id: Text,
    pub name: Text,
    pub short: Option<Text>,
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub lead: Option<Text>,
    pub start: Option<Spanned<RawDate>>,
    pub end: Option<Spanned<RawDate>>,
    pub summary: Option<Text>,
    pub sources: Option<Ids>,
}

impl RawProgramme {
    pub const FIELDS: FieldSpec = &[
        ("id", true),
        ("name", true),
        ("short", false),
        ("aliases", false),
        ("lead", false),
        ("start", false),
        ("end", false),
        ("summary", false),
        ("sources", false),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMembership {
    pub programme: Text,
    pub organisation: Text,
    #[serde(rename = "as")]
    pub as_: Option<Text>,
    pub start: Option<Spanned<RawDate>>,
    pub end: Option<Spanned<RawDate>>,
    pub note: Option<Text>,
    pub sources: Ids,
}

impl RawMembership {
    pub const FIELDS: FieldSpec = &[
        ("programme", true),
        ("organisation", true),
        ("as", false),
        ("start", false),
        ("end", false),
        ("note", false),
        ("sources", true),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: Option<Text>,
    pub date: Spanned<RawDate>,
    pub title: Text,
    pub kind: Text,
    #[serde(default)]
    pub people: Vec<Text>,
    #[serde(default)]
    pub organisations: Vec<Text>,
    #[serde(default)]
    pub programmes: Vec<Text>,
    pub summary: Option<Text>,
    pub sources: Ids,
}

impl RawEvent {
    pub const FIELDS: FieldSpec = &[
        ("id", false),
        ("date", true),
        ("title", true),
        ("kind", true),
        ("people", false),
        ("organisations", false),
        ("programmes", false),
        ("summary", false),
        ("sources", true),
    ];
}

/// The record kinds a file may hold at its top level, in the order they are documented.
pub const RECORD_KINDS: &[&str] = &[
    "source",
    "organisation",
    "person",
    "role",
    "programme",
    "membership",
    "event",
];
