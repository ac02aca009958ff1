//! The default agent: deterministic English understanding (`intent`), no network, no key. It
//! remembers what earlier turns showed and touched ("the second one", "mark it done") and the
//! question it asked ("Which one?", "Delete 4 tasks?") from the stored turn records.
use super::agent::{Action, Agent, Pending, Reply, Turn, TurnRecord};
use super::intent::{self, understand, Change, Intent, ListRequest, TaskRef};
use crate::db::message;
use crate::error::AppError;
use crate::tasks::hints::QuickAdd;
use crate::tasks::hints::ORDINAL_WORDS;
use crate::tasks::matching;
use crate::tasks::tools::args::due_text;
use crate::tasks::tools::words::task_line;
use crate::tasks::tools::{
    AddArgs, CountArgs, DeleteManyArgs, ListArgs, NextArgs, NumberArgs, ToolCall, UpdateArgs,
};
use crate::tasks::{service, Due, Priority, SortKey, StatusFilter, TaskQuery};

/// How many tasks a title reference is matched against.
const TITLE_SEARCH_LIMIT: u64 = 500;

/// The built-in agent (see the module).
#[derive(Clone, Copy, Debug, Default)]
pub struct BuiltinAgent;

/// What earlier turns left for this one.
#[derive(Default)]
struct Memory {
    /// The numbers of the most recent list shown.
    shown: Vec<i64>,
    /// The tasks most recently added or changed.
    touched: Vec<i64>,
    /// The question of the last reply, if it asked one.
    pending: Option<Pending>,
    /// What the last reply did to a task, for "and the bike too".
    last_action: Option<Action>,
}

impl Memory {
    fn from(history: &[message::Model]) -> Memory {
        let mut memory = Memory::default();
        let mut latest = true;
        for message in history.iter().rev().filter(|m| m.role == "assistant") {
            let record = TurnRecord::of(message);
            if latest {
                memory.pending = record.pending.clone();
                memory.last_action =
                    record.cards.iter().rev().filter(|c| c.ok).find_map(|c| {
                        match c.name.as_str() {
                            "complete_task" => Some(Action::Complete),
                            "reopen_task" => Some(Action::Reopen),
                            "delete_task" => Some(Action::Delete),
                            _ => None,
                        }
                    });
                latest = false;
            }
            if memory.shown.is_empty() && !record.shown.is_empty() {
                memory.shown = record.shown.clone();
            }
            if memory.touched.is_empty() && !record.touched.is_empty() {
                memory.touched = record.touched.clone();
            }
            if record.pending.is_some() && memory.shown.is_empty() {
                if let Some(Pending::Choose { candidates, .. }) = &record.pending {
                    memory.shown = candidates.clone();
                }
            }
            if !memory.shown.is_empty() && !memory.touched.is_empty() {
                break;
            }
        }
        memory
    }
}

/// Which task a reference means.
enum Resolved {
    One(i64),
    Several(Vec<crate::tasks::Task>),
    Nothing(String),
}

pub const HELP: &str = "I can add, list, complete, reopen, change and delete your tasks. Try:\n\
- add a task to buy milk tomorrow\n\
- what's overdue?\n\
- show high priority tasks tagged work\n\
- mark task 3 as done\n\
- move the groceries one to friday\n\
- delete all completed";

fn is_yes(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', '!']).to_lowercase();
    // "yes, delete everything", "sure, go ahead": a yes first, then anything but a no.
    let first = t.split([',', ' ']).next().unwrap_or_default();
    let negative = [
        "no", "not", "don't", "dont", "keep", "cancel", "stop", "wait",
    ];
    if matches!(
        first,
        "yes" | "yep" | "yeah" | "sure" | "ok" | "okay" | "confirm" | "absolutely"
    ) && !t.split([',', ' ']).skip(1).any(|w| negative.contains(&w))
    {
        return true;
    }
    matches!(
        t.as_str(),
        "yes"
            | "y"
            | "yep"
            | "yeah"
            | "sure"
            | "ok"
            | "okay"
            | "confirm"
            | "do it"
            | "go ahead"
            | "yes please"
            | "yes, delete them"
            | "yes delete them"
    )
}

fn is_no(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', '!']).to_lowercase();
    matches!(
        t.as_str(),
        "no" | "n" | "nope" | "cancel" | "stop" | "don't" | "dont" | "no thanks" | "keep them"
    )
}

impl Agent for BuiltinAgent {
    async fn reply(&self, turn: &Turn<'_>, out: &mut Reply) -> Result<(), AppError> {
        let memory = Memory::from(turn.history);

        // An answer to the question the last reply asked.
        match &memory.pending {
            Some(Pending::Confirm(call)) if is_yes(turn.text) => {
                let output = out.call(call).await?;
                out.say(&output.summary);
                return Ok(());
            }
            Some(Pending::Confirm(_)) if is_no(turn.text) => {
                out.say("OK, I left them as they are.");
                return Ok(());
            }
            Some(Pending::Choose { action, candidates }) => {
                if is_no(turn.text) {
                    out.say("OK, I changed nothing.");
                    return Ok(());
                }
                if let Some(reference) = intent::reference(turn.text) {
                    let picked = match reference {
                        TaskRef::Number(n) => Some(n),
                        TaskRef::Position(p) => candidates.get(p.wrapping_sub(1)).copied(),
                        TaskRef::Last => candidates.last().copied(),
                        _ => None,
                    };
                    if let Some(number) = picked {
                        return act(out, action.clone(), number).await;
                    }
                }
            }
            _ => {}
        }

        match understand(turn.text, turn.now) {
            Intent::Add(tasks) => {
                for (i, parsed) in tasks.into_iter().enumerate() {
                    if i > 0 {
                        out.say("\n");
                    }
                    add_one(out, parsed).await?;
                }
            }
            Intent::Schedule(task, definite) => {
                schedule(out, turn, &memory, task, definite).await?
            }
            Intent::Same(refs) => match memory.last_action.clone() {
                Some(action) => act_on_each(out, turn, &memory, refs, action).await?,
                None => out.say(
                    "I am not sure what to do with it: say what, like \"mark task 4 as done\".",
                ),
            },
            Intent::List(request) => {
                let output = out.call(&ToolCall::ListTasks(list_args(&request))).await?;
                out.say(&output.summary);
            }
            Intent::Count(request) => {
                let output = out
                    .call(&ToolCall::CountTasks(count_args(&request)))
                    .await?;
                out.say(&output.summary);
            }
            Intent::Next => {
                let output = out.call(&ToolCall::SuggestNext(NextArgs {})).await?;
                out.say(&output.summary);
            }
            Intent::Complete(refs) => {
                act_on_each(out, turn, &memory, refs, Action::Complete).await?
            }
            Intent::Reopen(refs) => act_on_each(out, turn, &memory, refs, Action::Reopen).await?,
            Intent::Delete(refs) => act_on_each(out, turn, &memory, refs, Action::Delete).await?,
            Intent::Update(reference, changes) => {
                act_on_each(out, turn, &memory, vec![reference], Action::Update(changes)).await?
            }
            Intent::DeleteMany(status) => {
                let count =
                    service::count_matching(out.db(), out.user_id(), status, turn.now).await?;
                let what = if status == StatusFilter::Completed {
                    "completed "
                } else {
                    ""
                };
                if count == 0 {
                    out.say(&format!("You have no {what}tasks to delete."));
                } else {
                    let noun = if count == 1 { "task" } else { "tasks" };
                    out.say(&format!(
                        "Delete {count} {what}{noun}? This cannot be undone. Reply \"yes\" to delete or \"no\" to keep them."
                    ));
                    out.ask(Pending::Confirm(ToolCall::DeleteTasks(DeleteManyArgs {
                        status: status.as_str().to_owned(),
                        confirmed: true,
                    })));
                }
            }
            Intent::Greeting => {
                out.say("Hello! ");
                out.say(HELP);
            }
            Intent::Help => out.say(HELP),
            Intent::Ask(question) => out.say(&question),
            Intent::Unknown => {
                out.say("Sorry, I did not understand that. ");
                out.say(HELP);
            }
        }
        Ok(())
    }
}

/// "schedule the passport renewal for dec 10": moves the task the title names, asks when it is
/// not clear whether one is meant, and adds a new task when none is.
async fn schedule(
    out: &mut Reply,
    turn: &Turn<'_>,
    memory: &Memory,
    task: QuickAdd,
    definite: bool,
) -> Result<(), AppError> {
    let change = Action::Update(vec![Change::Due(task.due)]);
    match by_title(out, turn, &task.title, &change).await? {
        Resolved::Nothing(_) => add_one(out, task).await,
        found if definite => {
            let reference = TaskRef::Words(task.title.to_lowercase());
            match found {
                Resolved::One(number) => act(out, change, number).await,
                _ => resolve_and_act(out, turn, memory, reference, change).await,
            }
        }
        _ => {
            out.say(&format!(
                "Do you mean a task you have? Say \"move the {} task to …\" to move it, or \"add a task called {}\" for a new one.",
                task.title.to_lowercase(),
                task.title
            ));
            Ok(())
        }
    }
}

/// Adds one task through the tools.
async fn add_one(out: &mut Reply, parsed: QuickAdd) -> Result<(), AppError> {
    let call = ToolCall::AddTask(AddArgs {
        title: parsed.title,
        description: None,
        priority: parsed
            .priority
            .filter(|p| *p != Priority::None)
            .map(|p| p.as_str().to_owned()),
        due: parsed.due.map(due_text),
        tags: parsed.tags,
    });
    let output = out.call(&call).await?;
    out.say(&output.summary);
    Ok(())
}

/// The list tool's arguments for a request, defaults left out.
fn list_args(request: &ListRequest) -> ListArgs {
    let status = (request.status != StatusFilter::All).then_some(request.status.as_str());
    let sort = (request.sort != SortKey::Due).then_some(request.sort.as_str());
    ListArgs {
        status: status.map(str::to_owned),
        priority: request.priority.map(|p| p.as_str().to_owned()),
        tag: request.tag.clone(),
        search: request.search.clone(),
        due: request.due.map(|d| d.as_str().to_owned()),
        sort: sort.map(str::to_owned),
        limit: None,
    }
}

/// The count tool's arguments: the list's filters.
fn count_args(request: &ListRequest) -> CountArgs {
    let list = list_args(request);
    CountArgs {
        status: list.status,
        priority: list.priority,
        tag: list.tag,
        search: list.search,
        due: list.due,
    }
}

/// Does `action` to every task the references mean, asking instead where one is unclear.
async fn act_on_each(
    out: &mut Reply,
    turn: &Turn<'_>,
    memory: &Memory,
    refs: Vec<TaskRef>,
    action: Action,
) -> Result<(), AppError> {
    if refs.contains(&TaskRef::Them) {
        out.say("I can change one task at a time for now. Name them one by one, like \"mark #4 and #5 as done\".");
        return Ok(());
    }
    let mut each = Vec::new();
    for reference in refs {
        each.extend(split_titles(out, turn, reference, &action).await?);
    }
    for (i, reference) in each.into_iter().enumerate() {
        if i > 0 {
            out.say("\n");
        }
        resolve_and_act(out, turn, memory, reference, action.clone()).await?;
    }
    Ok(())
}

/// "complete the groceries and the bike": two titles, unless one title has both ("Buy paint and
/// brushes").
async fn split_titles(
    out: &Reply,
    turn: &Turn<'_>,
    reference: TaskRef,
    action: &Action,
) -> Result<Vec<TaskRef>, AppError> {
    let TaskRef::Words(words) = &reference else {
        return Ok(vec![reference]);
    };
    if !words.contains(" and ")
        || !matches!(
            by_title(out, turn, words, action).await?,
            Resolved::Nothing(_)
        )
    {
        return Ok(vec![reference]);
    }
    Ok(words
        .split(" and ")
        .map(|part| TaskRef::Words(part.trim_start_matches("the ").to_owned()))
        .collect())
}

async fn resolve_and_act(
    out: &mut Reply,
    turn: &Turn<'_>,
    memory: &Memory,
    reference: TaskRef,
    action: Action,
) -> Result<(), AppError> {
    match resolve(out, turn, memory, &reference, &action).await? {
        Resolved::One(number) => act(out, action, number).await,
        Resolved::Several(tasks) => {
            let today = turn.now.date();
            let mut question = String::from("Which one do you mean?");
            for (i, task) in tasks.iter().enumerate() {
                question.push_str(&format!("\n{}. {}", i + 1, task_line(task, today)));
            }
            question.push_str("\nReply with its number, like \"#");
            question.push_str(&tasks[0].number.to_string());
            question.push_str("\", or \"the first one\".");
            out.say(&question);
            out.ask(Pending::Choose {
                action,
                candidates: tasks.iter().map(|t| t.number).collect(),
            });
            Ok(())
        }
        Resolved::Nothing(sentence) => {
            out.say(&sentence);
            Ok(())
        }
    }
}

/// Finds the task a reference means, among the user's own tasks only.
async fn resolve(
    out: &Reply,
    turn: &Turn<'_>,
    memory: &Memory,
    reference: &TaskRef,
    action: &Action,
) -> Result<Resolved, AppError> {
    let from_list = |index: Option<usize>, what: &str| {
        match index.and_then(|i| memory.shown.get(i)) {
        Some(n) => Resolved::One(*n),
        None if memory.shown.is_empty() => Resolved::Nothing(format!(
            "I have not shown you a list yet, so I do not know which task is the {what}. Say \"show my tasks\" first, or use its number, like \"#3\"."
        )),
        None => Resolved::Nothing(format!(
            "The last list I showed has {} task{}, so there is no {what}.",
            memory.shown.len(),
            if memory.shown.len() == 1 { "" } else { "s" }
        )),
    }
    };
    Ok(match reference {
        TaskRef::Number(n) => Resolved::One(*n),
        TaskRef::Position(p) => from_list(p.checked_sub(1), &ordinal_words(*p)),
        TaskRef::Last => from_list(memory.shown.len().checked_sub(1), "last one"),
        TaskRef::It => match memory.touched.as_slice() {
            [n] => Resolved::One(*n),
            _ => match memory.shown.as_slice() {
                [n] => Resolved::One(*n),
                _ => Resolved::Nothing(
                    "I am not sure which task you mean. Use its number, like \"#3\", or words from its title."
                        .into(),
                ),
            },
        },
        TaskRef::Them => Resolved::Nothing(
            "I can change one task at a time for now.".into(),
        ),
        TaskRef::Words(words) => by_title(out, turn, words, action).await?,
    })
}

/// The tasks whose titles the words name: by word stems, a typo forgiven, open tasks first (done
/// ones first when reopening); one task when only one fits or one title was said in full.
async fn by_title(
    out: &Reply,
    turn: &Turn<'_>,
    words: &str,
    action: &Action,
) -> Result<Resolved, AppError> {
    let said = matching::naming_words(words);
    if said.is_empty() {
        return Ok(Resolved::Nothing(
            "I am not sure which task you mean. Use its number, like \"#3\", or words from its title.".into(),
        ));
    }
    let query = TaskQuery {
        per_page: TITLE_SEARCH_LIMIT,
        ..TaskQuery::default()
    };
    let all = service::list(out.db(), out.user_id(), &query, turn.now)
        .await?
        .tasks;
    let mut found: Vec<(f32, crate::tasks::Task)> = all
        .into_iter()
        .filter_map(|t| matching::name_score(&said, &t.title).map(|score| (score, t)))
        .collect();
    let prefer_done = matches!(action, Action::Reopen);
    if found.iter().any(|(_, t)| t.completed == prefer_done) {
        found.retain(|(_, t)| t.completed == prefer_done);
    }
    found.sort_by_key(|(_, t)| t.number);
    let whole: Vec<i64> = found
        .iter()
        .filter(|(score, _)| *score >= 1.0)
        .map(|(_, t)| t.number)
        .collect();
    Ok(match (found.len(), whole.as_slice()) {
        (0, _) => Resolved::Nothing(format!(
            "I could not find a task matching \"{words}\". Say \"show my tasks\" to see them."
        )),
        (1, _) => Resolved::One(found[0].1.number),
        (_, [one]) => Resolved::One(*one),
        _ => Resolved::Several(found.into_iter().map(|(_, t)| t).collect()),
    })
}

/// "second one" for 2, "number 12 one" past the words.
fn ordinal_words(position: usize) -> String {
    match position.checked_sub(1).and_then(|i| ORDINAL_WORDS.get(i)) {
        Some(word) => format!("{word} one"),
        None => format!("number {position} one"),
    }
}

/// Does `action` to task #`number` through the tools.
async fn act(out: &mut Reply, action: Action, number: i64) -> Result<(), AppError> {
    let args = NumberArgs { number };
    let call = match action {
        Action::Complete => ToolCall::CompleteTask(args),
        Action::Reopen => ToolCall::ReopenTask(args),
        Action::Delete => ToolCall::DeleteTask(args),
        Action::Update(changes) => {
            let mut update = UpdateArgs {
                number,
                ..UpdateArgs::default()
            };
            for change in changes {
                match change {
                    Change::Title(title) => update.title = Some(title),
                    Change::Due(due) => {
                        update.due = Some(due.map(due_text).unwrap_or_else(|| "none".into()))
                    }
                    Change::DelayDays(days) => {
                        let task = match service::get_by_number(
                            out.db(),
                            out.user_id(),
                            number,
                            out.now(),
                        )
                        .await
                        {
                            Ok(task) => task,
                            Err(AppError::NotFound(what)) => {
                                out.say(&format!("{what} does not exist."));
                                return Ok(());
                            }
                            Err(e) => return Err(e),
                        };
                        let from = task.due.unwrap_or(Due {
                            date: out.now().date(),
                            time: None,
                        });
                        let date = from.date + chrono::Duration::days(days);
                        update.due = Some(due_text(Due {
                            date,
                            time: from.time,
                        }));
                    }
                    Change::Priority(p) => update.priority = Some(p.as_str().to_owned()),
                    Change::AddTags(tags) => update.add_tags = Some(tags),
                    Change::RemoveTags(tags) => update.remove_tags = Some(tags),
                    Change::ClearTags => update.tags = Some(Vec::new()),
                    Change::Description(text) => update.description = Some(text),
                }
            }
            ToolCall::UpdateTask(update)
        }
    };
    let output = out.call(&call).await?;
    out.say(&output.summary);
    Ok(())
}
