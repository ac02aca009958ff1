//! The chat agent. So far: the built-in agent's understanding of English task commands
//! (`intent`), which reuses the quick-add/date language of `tasks::hints`.
pub mod intent;
