//! Records exactly as a data file writes them, with byte spans kept so that validation can
//! point at the offending value. Nothing here is checked beyond TOML types; see `dataset`.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use toml::Spanned;

/// Text<'a> borrowed from the file when it has no escapes, so a 100 MB dataset is not copied
/// string by string before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str<'a>(pub Cow<'a, str>);

impl Str<'_> {
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

pub type Text<'a> = Spanned<Str<'a>>;
pub type Ids<'a> = Spanned<Vec<Text<'a>>>;

/// A date as written: a TOML local date or a string, parsed later so that the error can say
/// what is wrong with it in the curator's terms.
#[derive(Debug, Clone)]
pub struct RawDate<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for RawDate<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawDateVisitor)
    }
}

struct RawDateVisitor;

/// The name under which the toml crate hands a datetime to a visitor.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

impl<'de> Visitor<'de> for RawDateVisitor {
    type Value = RawDate<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2017-10-31 or a string such as \"2017\" or \"~2015-07\"")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<RawDate<'de>, E> {
        Ok(RawDate(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate<'de>, E> {
        Ok(RawDate(Cow::Owned(v.to_owned())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDate<'de>, E> {
        Err(E::custom(format!(
            "a bare number is not a date; write the year as a string: \"{v}\""
        )))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDate<'de>, A::Error> {
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
        Ok(RawDate(Cow::Owned(text)))
    }
}

/// One id or a list of them (`predecessor = "a"` or `predecessor = ["a", "b"]`). The ids
/// carry no spans of their own; validation finds each one inside the value's span.
#[derive(Debug, Clone, Default)]
pub struct RawRefs<'a>(pub Vec<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for RawRefs<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRefs<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id or a list of ids")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<RawRefs<'de>, E> {
                Ok(RawRefs(vec![Cow::Borrowed(v)]))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawRefs<'de>, E> {
                Ok(RawRefs(vec![Cow::Owned(v.to_owned())]))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawRefs<'de>, E> {
                Ok(RawRefs(vec![Cow::Owned(v)]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawRefs<'de>, A::Error> {
                let mut ids = Vec::new();
                while let Some(Str(id)) = seq.next_element::<Str<'de>>()? {
                    ids.push(id);
                }
                Ok(RawRefs(ids))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The fields a record may have; `true` marks a required one. Checked before serde so that
/// every unknown and every missing field of a record is reported at once.
pub type FieldSpec = &'static [(&'static str, bool)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(borrow)]
    pub publisher: Text<'a>,
    pub published: Spanned<RawDate<'a>>,
    #[serde(borrow)]
    pub url: Option<Text<'a>>,
    #[serde(borrow)]
    pub author: Option<Text<'a>>,
    #[serde(borrow)]
    pub note: Option<Text<'a>>,
}

impl RawSource<'_> {
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
pub struct RawFormerName<'a> {
    #[serde(borrow)]
    pub name: Text<'a>,
    pub until: Option<Spanned<RawDate<'a>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(default, borrow)]
    pub aliases: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub former_names: Vec<Spanned<RawFormerName<'a>>>,
    pub start: Option<Spanned<RawDate<'a>>>,
    pub end: Option<Spanned<RawDate<'a>>>,
    #[serde(borrow)]
    pub parent: Option<Text<'a>>,
    #[serde(borrow)]
    pub predecessor: Option<Spanned<RawRefs<'a>>>,
    #[serde(borrow)]
    pub successor: Option<Text<'a>>,
    #[serde(borrow)]
    pub region: Option<Text<'a>>,
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
    #[serde(borrow)]
    pub ods: Option<Text<'a>>,
    #[serde(borrow)]
    pub sector: Option<Text<'a>>,
    #[serde(borrow)]
    pub icb: Option<Text<'a>>,
    #[serde(borrow)]
    pub summary: Option<Text<'a>>,
    #[serde(borrow)]
    pub sources: Option<Ids<'a>>,
}

impl RawOrganisation<'_> {
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
        ("ods", false),
        ("sector", false),
        ("icb", false),
        ("summary", false),
        ("sources", false),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(default, borrow)]
    pub aliases: Vec<Text<'a>>,
    #[serde(borrow)]
    pub honorific: Option<Text<'a>>,
    #[serde(borrow)]
    pub summary: Option<Text<'a>>,
    #[serde(borrow)]
    pub sources: Option<Ids<'a>>,
}

impl RawPerson<'_> {
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
pub struct RawRole<'a> {
    #[serde(borrow)]
    pub person: Text<'a>,
    #[serde(borrow)]
    pub organisation: Text<'a>,
    #[serde(borrow)]
    pub title: Text<'a>,
    pub start: Option<Spanned<RawDate<'a>>>,
    pub end: Option<Spanned<RawDate<'a>>>,
    pub attested: Option<Spanned<RawDate<'a>>>,
    pub confirmed: Option<Spanned<RawDate<'a>>>,
    #[serde(default)]
    pub interim: bool,
    #[serde(borrow)]
    pub note: Option<Text<'a>>,
    #[serde(borrow)]
    pub sources: Ids<'a>,
}

impl RawRole<'_> {
    pub const FIELDS: FieldSpec = &[
        ("person", true),
        ("organisation", true),
        ("title", true),
        ("start", false),
        ("end", false),
        ("attested", false),
        ("confirmed", false),
        ("interim", false),
        ("note", false),
        ("sources", true),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgramme<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub short: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub aliases: Vec<Text<'a>>,
    #[serde(borrow)]
    pub lead: Option<Text<'a>>,
    pub start: Option<Spanned<RawDate<'a>>>,
    pub end: Option<Spanned<RawDate<'a>>>,
    #[serde(borrow)]
    pub summary: Option<Text<'a>>,
    #[serde(borrow)]
    pub sources: Option<Ids<'a>>,
}

impl RawProgramme<'_> {
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
pub struct RawMembership<'a> {
    #[serde(borrow)]
    pub programme: Text<'a>,
    #[serde(borrow)]
    pub organisation: Text<'a>,
    #[serde(rename = "as")]
    #[serde(borrow)]
    pub as_: Option<Text<'a>>,
    pub start: Option<Spanned<RawDate<'a>>>,
    pub end: Option<Spanned<RawDate<'a>>>,
    #[serde(borrow)]
    pub note: Option<Text<'a>>,
    #[serde(borrow)]
    pub sources: Ids<'a>,
}

impl RawMembership<'_> {
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
pub struct RawEvent<'a> {
    #[serde(borrow)]
    pub id: Option<Text<'a>>,
    pub date: Spanned<RawDate<'a>>,
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(default, borrow)]
    pub people: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub organisations: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub programmes: Vec<Text<'a>>,
    #[serde(borrow)]
    pub summary: Option<Text<'a>>,
    #[serde(borrow)]
    pub sources: Ids<'a>,
}

impl RawEvent<'_> {
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
