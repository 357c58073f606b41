//! [`Filter`] as SQL.

use rusqlite::types::Value;

use crate::Filter;

/// The columns a filter reads, for the `events` or the `unique_events` table.
pub(crate) struct Columns {
    /// Table alias, with its dot (`e.`, `u.`).
    pub prefix: &'static str,
    /// The CAMEO code column.
    pub code: &'static str,
}

/// For `events AS e`.
pub(crate) const EVENTS: Columns = Columns {
    prefix: "e.",
    code: "cameo_code",
};

/// For `unique_events AS u`.
pub(crate) const UNIQUE: Columns = Columns {
    prefix: "u.",
    code: "code",
};

/// A trimmed, non-empty filter value.
fn value(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// ` WHERE …` (or nothing) and ` LIMIT ?` (or nothing) for `filter`, with their parameters.
pub(crate) fn sql(filter: &Filter, cols: &Columns) -> (String, String, Vec<Value>) {
    let p = cols.prefix;
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let sides = [
        (&filter.actor, &["source", "target"][..]),
        (&filter.source, &["source"][..]),
        (&filter.target, &["target"][..]),
    ];
    for (v, sides) in sides {
        if let Some(v) = value(v) {
            params.push(Value::Text(v.to_uppercase()));
            let n = params.len();
            let parts: Vec<String> = sides
                .iter()
                .map(|s| {
                    format!(
                        "instr(';' || {p}{s}_codes, ';' || ?{n}) > 0 \
                         OR instr(';' || {p}{s}_countries || ';', ';' || ?{n} || ';') > 0"
                    )
                })
                .collect();
            clauses.push(format!("({})", parts.join(" OR ")));
        }
    }
    if let Some(v) = value(&filter.root) {
        params.push(Value::Text(v.to_string()));
        let n = params.len();
        if v.chars().count() == 2 {
            clauses.push(format!("{p}cameo_root = ?{n}"));
        } else {
            clauses.push(format!(
                "substr({p}{code}, 1, length(?{n})) = ?{n}",
                code = cols.code
            ));
        }
    }
    if let Some(v) = value(&filter.plover) {
        params.push(Value::Text(v.to_string()));
        clauses.push(format!("{p}plover_type = ?{} COLLATE NOCASE", params.len()));
    }
    if let Some(d) = filter.from {
        params.push(Value::Text(d.to_string()));
        clauses.push(format!("{p}date >= ?{}", params.len()));
    }
    if let Some(d) = filter.to {
        params.push(Value::Text(d.to_string()));
        clauses.push(format!("{p}date <= ?{}", params.len()));
    }
    if let Some(v) = value(&filter.place) {
        params.push(Value::Text(v.to_string()));
        let n = params.len();
        clauses.push(format!(
            "({p}location_country = upper(?{n}) OR {p}location_name = ?{n} COLLATE NOCASE)"
        ));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let limit_sql = match filter.limit {
        Some(limit) => {
            params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
            format!(" LIMIT ?{}", params.len())
        }
        None => String::new(),
    };
    (where_sql, limit_sql, params)
}
