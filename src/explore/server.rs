//! The HTTP side: routes, the Host and Origin check against DNS rebinding, the body limit,
//! and the answers (422 with the loader's message for a bad value, never a 500 for input).

// Handlers return a ready `Response` as their error: built once per request, its size does
// not matter.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use super::settings::{Base, Settings};
use super::sim::Worker;
use crate::lang::Lang;

/// Largest request body accepted (bytes); larger ones get 413.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The page.
const PAGE: &str = include_str!("page.html");

/// What every request handler shares.
pub struct App {
    /// The scenario and the controls.
    pub base: Base,
    /// The simulation worker.
    pub worker: Arc<Worker>,
    /// Where a saved variant is written (the scenario's directory).
    pub save_dir: PathBuf,
    /// `Host` values accepted (`127.0.0.1:PORT`, `localhost:PORT`, the bound address).
    pub hosts: Vec<String>,
    /// Language of the page.
    pub lang: Lang,
}

/// The `Host` values a server bound at `addr` answers to.
pub fn allowed_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    let bound = addr.to_string();
    if !hosts.contains(&bound) && !addr.ip().is_unspecified() {
        hosts.push(bound);
    }
    hosts
}

/// The router of the page and its API.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/api/state", get(state))
        .route("/api/run", post(run))
        .route("/api/result", get(result))
        .route("/api/stage", get(stage))
        .route("/api/save", post(save))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

fn refuse(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        msg.to_string(),
    )
        .into_response()
}

/// Refuse a foreign `Host` or `Origin` (a page of another site reaching this server through
/// DNS rebinding or a cross-site request) and an oversize declared body.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| app.hosts.iter().any(|a| a.eq_ignore_ascii_case(h))) {
        return refuse(StatusCode::FORBIDDEN, "forbidden: unknown Host");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let ok = origin.to_str().ok().is_some_and(|o| {
            app.hosts
                .iter()
                .any(|a| o.eq_ignore_ascii_case(&format!("http://{a}")))
        });
        if !ok {
            return refuse(StatusCode::FORBIDDEN, "forbidden: foreign Origin");
        }
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             img-src data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    resp
}

async fn page(State(app): State<Arc<App>>) -> Response {
    let html = PAGE.replace("{{LANG}}", app.lang.code());
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

fn json_response(status: StatusCode, v: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        v.to_string(),
    )
        .into_response()
}

async fn state(State(app): State<Arc<App>>) -> Response {
    let s = &app.base.scenario;
    let lang = app.lang;
    json_response(
        StatusCode::OK,
        json!({
            "lang": lang.code(),
            "file": app.base.file,
            "experiment": s.experiment.name,
            "question": s.experiment.description,
            "variants": s.variants.iter().map(|v| json!({
                "name": v.name, "baseline": v.baseline, "description": v.description,
            })).collect::<Vec<_>>(),
            "starts_from": s.variants[app.base.proposal].name,
            "name": app.base.name,
            "trials": s.run.trials,
            "seed": s.run.seed,
            "controls": app.base.controls,
        }),
    )
}

/// The request body of `run` and `save`: `{"settings": {key: value}}`.
#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    settings: std::collections::BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    write: bool,
}

fn parse_body(bytes: &[u8]) -> Result<(Settings, bool), Response> {
    let body: Body = serde_json::from_slice(bytes).map_err(|e| {
        json_response(
            StatusCode::BAD_REQUEST,
            json!({ "error": format!("the request is not valid JSON: {e}") }),
        )
    })?;
    let settings = body
        .settings
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, text)
        })
        .collect();
    Ok((settings, body.write))
}

/// Check the settings with the loader (on a blocking thread: loading is synchronous work).
async fn checked(
    app: &Arc<App>,
    settings: Settings,
) -> Result<(String, crate::scenario::Scenario), Response> {
    let a = Arc::clone(app);
    let out = tokio::task::spawn_blocking(move || a.base.apply(&settings)).await;
    match out {
        Ok(Ok(x)) => Ok(x),
        Ok(Err(msg)) => Err(json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "error": msg }),
        )),
        Err(_) => Err(json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({ "error": "internal error while checking the settings" }),
        )),
    }
}

async fn run(State(app): State<Arc<App>>, bytes: Bytes) -> Response {
    let (settings, _) = match parse_body(&bytes) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match checked(&app, settings).await {
        Ok((_, full)) => {
            let generation = app.worker.submit(app.base.for_page(&full));
            json_response(StatusCode::OK, json!({ "generation": generation }))
        }
        Err(r) => r,
    }
}

async fn result(State(app): State<Arc<App>>) -> Response {
    let (view, generation, error) = app.worker.latest();
    json_response(
        StatusCode::OK,
        json!({ "generation": generation, "view": view, "error": error }),
    )
}

#[derive(Deserialize)]
struct StageQuery {
    generation: u64,
    trials: u64,
}

async fn stage(State(app): State<Arc<App>>, Query(q): Query<StageQuery>) -> Response {
    match app.worker.stage(q.generation, q.trials) {
        Some(figures) => json_response(StatusCode::OK, json!({ "figures": figures })),
        None => json_response(
            StatusCode::NOT_FOUND,
            json!({ "error": "no such stage (yet)" }),
        ),
    }
}

async fn save(State(app): State<Arc<App>>, bytes: Bytes) -> Response {
    let (settings, write) = match parse_body(&bytes) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let text = match checked(&app, settings).await {
        Ok((text, _)) => text,
        Err(r) => return r,
    };
    let file_name = format!("{}-{}.toml", app.base.stem, app.base.name);
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/toml; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if write {
        let a = Arc::clone(&app);
        let t = text.clone();
        let written = tokio::task::spawn_blocking(move || {
            super::save::write_beside(&a.save_dir, &a.base.stem, &t)
        })
        .await;
        match written {
            Ok(Ok(path)) => {
                if let Ok(v) = HeaderValue::from_str(&path.display().to_string()) {
                    headers.insert("x-saved-to", v);
                }
            }
            Ok(Err(e)) => {
                return json_response(
                    StatusCode::CONFLICT,
                    json!({ "error": format!("cannot write the variant file: {e}") }),
                );
            }
            Err(_) => {
                return json_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({ "error": "internal error while writing" }),
                );
            }
        }
    }
    (StatusCode::OK, headers, text).into_response()
}
