pub mod keys;
pub mod pty;
