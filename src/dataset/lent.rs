//! Strings that a snapshot lends instead of copying.
//!
//! A warm start reads the dataset from a snapshot (`crate::cache`). Copying its strings out
//! allocated a million small blocks at 100 000 people, and the kernel's page faults for them
//! were most of a warm start. So a record's text is a `Str`: owned after a parse, borrowed
//! straight from the mapped snapshot after a warm start. The snapshot is mapped for the rest
//! of the process (`crate::cache::file::read`), which is what makes the borrow `'static`.
//!
//! The `Lent` wrapper archives a `Str` as rkyv's ordinary string. It is read back only
//! through a `Lender`, which lends bytes that lie inside the mapping it was given and copies
//! anything else, so nothing can borrow from a shorter-lived buffer.

use rkyv::rancor::{Fallible, Source};
use rkyv::ser::Writer;
use rkyv::string::{ArchivedString, StringResolver};
use rkyv::with::{ArchiveWith, DeserializeWith, SerializeWith};
use rkyv::{Place, rancor::Strategy};
use std::borrow::Cow;

/// Text of a record: owned, or borrowed from a mapped snapshot.
pub type Str = Cow<'static, str>;

/// The rkyv wrapper for `Str` fields (`#[rkyv(with = Lent)]`, or `Map<Lent>` inside an
/// `Option` or a `Vec`).
pub struct Lent;

/// Lends strings that lie inside one buffer that lives as long as the process.
#[derive(Debug, Clone, Copy)]
pub struct Lender {
    buffer: &'static [u8],
}

impl Lender {
    pub fn new(buffer: &'static [u8]) -> Lender {
        Lender { buffer }
    }

    pub fn lend(&self, text: &str) -> Str {
        let start = (text.as_ptr() as usize).wrapping_sub(self.buffer.as_ptr() as usize);
        match self.buffer.get(start..start.wrapping_add(text.len())) {
            Some(bytes) if bytes.as_ptr() == text.as_ptr() => {
                // SAFETY: `bytes` are the very bytes of `text` (same address, same length),
                // which is valid UTF-8; only their lifetime is the buffer's.
                Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(bytes) })
            }
            _ => Cow::Owned(text.to_owned()),
        }
    }
}

impl ArchiveWith<Str> for Lent {
    type Archived = ArchivedString;
    type Resolver = StringResolver;

    fn resolve_with(field: &Str, resolver: StringResolver, out: Place<ArchivedString>) {
        ArchivedString::resolve_from_str(field, resolver, out);
    }
}

impl<S> SerializeWith<Str, S> for Lent
where
    S: Fallible + Writer + ?Sized,
    S::Error: Source,
{
    fn serialize_with(field: &Str, serializer: &mut S) -> Result<StringResolver, S::Error> {
        ArchivedString::serialize_from_str(field, serializer)
    }
}

impl<E> DeserializeWith<ArchivedString, Str, Strategy<Lender, E>> for Lent {
    fn deserialize_with(
        field: &ArchivedString,
        lender: &mut Strategy<Lender, E>,
    ) -> Result<Str, E> {
        Ok(lender.lend(field.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lends_only_what_lies_inside_its_buffer() {
        let buffer: &'static [u8] = b"Chief clinical information officer";
        let lender = Lender::new(buffer);
        let inside = std::str::from_utf8(&buffer[6..14]).expect("ascii");
        assert!(matches!(lender.lend(inside), Cow::Borrowed("clinical")));
        let elsewhere = String::from("clinical");
        assert!(matches!(lender.lend(&elsewhere), Cow::Owned(s) if s == "clinical"));
    }
}
