//! `E`: the record under the cursor opened in the user's editor at the line that defines it.
//! The frontend hands the terminal over and takes it back as Ctrl-Z does. Not offered for the
//! bundled data (it is inside the program) or in a served session (the editor would run on
//! the server).

use super::App;
use super::copy::Subject;
use super::detail::Fact;
use super::outbox::{Effect, Status};
use crate::dataset::RecordRef;

impl App {
    /// Whether `E` can do anything here.
    pub fn can_edit(&self) -> bool {
        !self.frontend.served && !self.ds.origins.bundled()
    }

    /// The record that defines what the cursor is on.
    pub fn record_under_cursor(&self) -> Option<RecordRef> {
        Some(match self.subject()? {
            Subject::Source(i) => RecordRef::Source(i),
            Subject::Fact(Fact::Role(i)) => RecordRef::Role(i),
            Subject::Fact(Fact::Membership(i)) => RecordRef::Membership(i),
            Subject::Fact(Fact::Event(i)) => RecordRef::Event(i),
            Subject::Entity(e) => e.into(),
            // A move is made of two posts; the one joined is the news.
            Subject::Move => RecordRef::Role(self.moves.selected()?.to.index),
            // A figure is computed, not written in a file.
            Subject::Figure => return None,
        })
    }

    pub(super) fn edit_record(&mut self) {
        if self.frontend.served {
            self.status = Some(Status::info("editing is not offered in a shared session"));
            return;
        }
        if self.ds.origins.bundled() {
            self.status = Some(Status::info(
                "the bundled data is built into the program: to edit it, open a copy with --data",
            ));
            return;
        }
        match self.record_under_cursor() {
            Some(record) => self.effects.push(Effect::Edit { record }),
            None => self.status = Some(Status::info("nothing to edit here")),
        }
    }
}
