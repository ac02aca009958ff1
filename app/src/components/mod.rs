//! Pieces every page uses.
mod navbar;
mod not_found;

pub use navbar::Navbar;
pub use not_found::NotFound;
