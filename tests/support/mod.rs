pub mod keys;
pub mod pty;
pub mod screens;
