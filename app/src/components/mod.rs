//! Pieces every page uses.
pub mod form;
mod navbar;
mod not_found;

pub use navbar::Navbar;
pub use not_found::NotFound;
