//! The MCP endpoint: rmcp's streamable HTTP server, stateless (every request stands alone, so any
//! instance behind a load balancer answers it) and answering with plain JSON. In front of it a
//! bearer-token check finds the user; the tools then act for that user only, whatever their
//! arguments say. The session layer is not on this route: MCP never reads the cookie.
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use chrono::Utc;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ErrorData,
    Implementation, JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{RoleServer, ServerHandler};

use crate::auth::SessionUser;
use crate::db::Db;
use crate::error::AppError;
use crate::tasks::tools::{self, Tool, ToolCall};

/// Where the endpoint is mounted.
pub const MCP_PATH: &str = "/mcp";

/// Where MCP clients connect (`{APP_URL}/mcp`), for the account page; provided by the server.
#[derive(Clone, Debug)]
pub struct McpUrl(pub String);

impl McpUrl {
    /// `app_url` is APP_URL without a trailing slash.
    pub fn of_app(app_url: &str) -> McpUrl {
        McpUrl(format!("{app_url}{MCP_PATH}"))
    }
}

/// The `/mcp` route, token check included. APP_URL decides which Host headers rmcp accepts.
pub fn routes<S: Clone + Send + Sync + 'static>(db: Db, app_url: &str) -> Router<S> {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_allowed_hosts(allowed_hosts(app_url));
    let tools_db = db.clone();
    let service = StreamableHttpService::new(
        move || {
            Ok(TaskTools {
                db: tools_db.clone(),
            })
        },
        Arc::new(NeverSessionManager::default()),
        config,
    );
    Router::new()
        .route_service(MCP_PATH, service)
        .layer(middleware::from_fn_with_state(db, require_token))
}

/// rmcp refuses Host headers it does not know (against DNS rebinding): allow APP_URL's host, and
/// the loopback names, which only the machine itself (and the tests) reach us by.
pub fn allowed_hosts(app_url: &str) -> Vec<String> {
    let mut hosts: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    if let Some(authority) = app_url
        .parse::<Uri>()
        .ok()
        .and_then(|u| u.into_parts().authority)
    {
        let host = authority
            .host()
            .trim_matches(['[', ']'])
            .to_ascii_lowercase();
        // With an explicit port only that port is accepted; without one, any.
        let entry = match authority.port_u16() {
            Some(port) => format!("{}:{port}", authority.host().to_ascii_lowercase()),
            None => host.clone(),
        };
        if !hosts.contains(&host) {
            hosts.push(entry);
        }
    }
    hosts
}

fn bearer(request: &Request) -> Option<&str> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

fn unauthorized(token_given: bool) -> Response {
    let challenge = if token_given {
        r#"Bearer realm="taskpilot", error="invalid_token", error_description="The token is unknown or was revoked.""#
    } else {
        r#"Bearer realm="taskpilot""#
    };
    let mut response = (
        StatusCode::UNAUTHORIZED,
        "A valid API token is required: create one on your account page and send it as \"Authorization: Bearer <token>\".",
    )
        .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    );
    response
}

/// Lets a request through only with a live token, and tells the tools whose it is.
pub async fn require_token(State(db): State<Db>, mut request: Request, next: Next) -> Response {
    let Some(token) = bearer(&request) else {
        return unauthorized(false);
    };
    let user = match db.conn() {
        Ok(conn) => super::service::authenticate(conn, token, Utc::now()).await,
        Err(e) => Err(e),
    };
    match user {
        Ok(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        Err(AppError::Unauthorized) => {
            tracing::warn!("MCP request with an unknown or revoked token");
            unauthorized(true)
        }
        Err(other) => other.into_response(),
    }
}

/// The MCP server: the task tools of `tasks::tools`, with their hand-written schemas.
#[derive(Clone)]
pub struct TaskTools {
    db: Db,
}

fn tool_list() -> Vec<rmcp::model::Tool> {
    Tool::ALL
        .into_iter()
        .map(|tool| {
            let schema: JsonObject = match tool.parameters() {
                serde_json::Value::Object(map) => map,
                _ => JsonObject::new(),
            };
            rmcp::model::Tool::new(tool.name(), tool.description(), schema)
        })
        .collect()
}

/// The token's user, as the check in front of the service recorded it.
fn caller(context: &RequestContext<RoleServer>) -> Result<SessionUser, ErrorData> {
    context
        .extensions
        .get::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SessionUser>())
        .cloned()
        .ok_or_else(|| {
            tracing::error!("MCP tool call without a token's user");
            ErrorData::internal_error("no user for this request", None)
        })
}

impl ServerHandler for TaskTools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("taskpilot", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "The user's taskpilot tasks. Tasks are referred to by their number (#3); use \
                 list_tasks to find one. Dates are in the user's timezone.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tool_list()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let user = caller(&context)?;
        let name = request.name.as_ref();
        if Tool::named(name).is_none() {
            return Err(ErrorData::invalid_params(
                format!("There is no tool called {name:?}."),
                None,
            ));
        }
        let arguments = request
            .arguments
            .map(serde_json::Value::Object)
            .unwrap_or(serde_json::Value::Null);
        let call = match ToolCall::parse(name, arguments) {
            Ok(call) => call,
            Err(sentence) => {
                return Ok(CallToolResult::error(vec![ContentBlock::text(sentence)]).into())
            }
        };
        let now = user.local_now();
        let db = match self.db.conn() {
            Ok(db) => db,
            Err(e) => {
                return Ok(CallToolResult::error(vec![ContentBlock::text(e.to_string())]).into())
            }
        };
        let output = match tools::run(db, user.id, &call, now).await {
            Ok(output) => output,
            Err(e) => {
                return Ok(CallToolResult::error(vec![ContentBlock::text(e.to_string())]).into())
            }
        };
        tracing::info!(user_id = %user.id, tool = call.name(), ok = output.ok, "MCP tool call");
        let text = vec![ContentBlock::text(output.summary.clone())];
        let mut result = if output.ok {
            CallToolResult::success(text)
        } else {
            CallToolResult::error(text)
        };
        result.structured_content = Some(output.for_model(now.date()));
        Ok(result.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_hosts_follow_app_url() {
        let hosts = allowed_hosts("https://tasks.example.com");
        assert!(hosts.contains(&"tasks.example.com".to_owned()));
        assert!(hosts.contains(&"localhost".to_owned()));
        let hosts = allowed_hosts("http://tasks.example.com:8080/");
        assert!(hosts.contains(&"tasks.example.com:8080".to_owned()));
        assert_eq!(allowed_hosts("http://127.0.0.1:3000").len(), 3);
    }

    #[test]
    fn every_tool_is_listed_with_its_schema() {
        let names: Vec<String> = tool_list().iter().map(|t| t.name.to_string()).collect();
        assert_eq!(names, Tool::ALL.map(Tool::name));
        assert!(tool_list()
            .iter()
            .all(|t| t.input_schema.get("type").is_some()));
    }
}
