//! Tasks: the quick-add/date language now; the list, service and views build on it.
pub mod hints;
