//! The database schema as a whole: SQLite and PostgreSQL migrations build the same tables, and
//! every column that points at a person belongs to some domain's personal data (exported with
//! "download my data", erased with the account) or is exempted on purpose, with a reason.

use crate::helpers::{spawn_app, Engine, TestApp};
use sqlx::{AnyPool, Row};
use std::collections::{BTreeMap, BTreeSet};

/// Full-text search is built the way each engine does it best (an FTS5 virtual table; a table
/// with a `tsvector` and a GIN index): the same name on both, but not the same columns.
const ENGINE_SPECIFIC: &[&str] = &["lesson_search", "forum_post_search"];

/// Columns of one table: name → nullable.
type Columns = BTreeMap<String, bool>;
/// Secondary indexes and unique constraints of one table: (unique, columns in order).
type Indexes = BTreeSet<(bool, String)>;

async fn tables(pool: &AnyPool, engine: Engine) -> BTreeSet<String> {
    let sql = match engine {
        Engine::Sqlite => {
            // FTS5's own shadow tables (`lesson_search_data`…) are SQLite's business.
            "SELECT name FROM sqlite_master t WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' AND NOT EXISTS (SELECT 1 FROM sqlite_master v \
             WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')"
        }
        Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'"
        }
    };
    sqlx::query(sql).fetch_all(pool).await.expect("tables").iter().map(|r| r.get::<String, _>(0)).collect()
}

async fn columns(pool: &AnyPool, engine: Engine, table: &str) -> Columns {
    let sql = match engine {
        Engine::Sqlite => "SELECT name, CASE WHEN \"notnull\" = 1 OR pk > 0 THEN 0 ELSE 1 END FROM pragma_table_info($1)",
        Engine::Postgres => {
            "SELECT column_name::text, CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    sqlx::query(sql)
        .bind(table)
        .fetch_all(pool)
        .await
        .expect("columns")
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1) == 1))
        .collect()
}

async fn indexes(pool: &AnyPool, engine: Engine, table: &str) -> Indexes {
    match engine {
        Engine::Sqlite => {
            let list = sqlx::query("SELECT name, \"unique\" FROM pragma_index_list($1) WHERE origin <> 'pk'")
                .bind(table)
                .fetch_all(pool)
                .await
                .expect("index list");
            let mut out = Indexes::new();
            for row in list {
                let name: String = row.get(0);
                let cols: Vec<String> =
                    sqlx::query("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                        .bind(&name)
                        .fetch_all(pool)
                        .await
                        .expect("index columns")
                        .iter()
                        .map(|r| r.get::<String, _>(0))
                        .collect();
                out.insert((row.get::<i64, _>(1) == 1, cols.join(",")));
            }
            out
        }
        Engine::Postgres => sqlx::query(
            "SELECT CASE WHEN ix.indisunique THEN 1 ELSE 0 END, \
             string_agg(a.attname::text, ',' ORDER BY k.n) \
             FROM pg_class t JOIN pg_index ix ON t.oid = ix.indrelid \
             JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) ON true \
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
             WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace AND NOT ix.indisprimary \
             GROUP BY ix.indexrelid, ix.indisunique",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .expect("indexes")
        .iter()
        .map(|r| (r.get::<i32, _>(0) == 1, r.get::<String, _>(1)))
        .collect(),
    }
}

/// Every column declared as a reference to `users`, and every column named like one.
async fn person_columns(pool: &AnyPool, engine: Engine) -> BTreeSet<(String, String)> {
    let sql = match engine {
        Engine::Sqlite => {
            "SELECT m.name, p.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p \
             WHERE m.type = 'table' AND p.\"table\" = 'users'"
        }
        Engine::Postgres => {
            "SELECT tc.table_name::text, kcu.column_name::text FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu \
               ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema \
             JOIN information_schema.constraint_column_usage ccu \
               ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users' \
               AND tc.table_schema = current_schema()"
        }
    };
    let mut out: BTreeSet<(String, String)> = sqlx::query(sql)
        .fetch_all(pool)
        .await
        .expect("foreign keys")
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
        .collect();
    for table in tables(pool, engine).await {
        for column in columns(pool, engine, &table).await.into_keys() {
            let named_like_a_person = column == "user_id"
                || column.ends_with("_user_id")
                || ["author_id", "owner_id", "voter_id", "trainer_id", "learner_id"]
                    .contains(&column.as_str());
            if named_like_a_person {
                out.insert((table.clone(), column));
            }
        }
    }
    out.insert(("users".to_owned(), "id".to_owned()));
    out
}

async fn schema(app: &TestApp, engine: Engine) -> BTreeMap<String, (Columns, Indexes)> {
    let mut out = BTreeMap::new();
    for t in tables(&app.pool, engine).await {
        let c = columns(&app.pool, engine, &t).await;
        let i = indexes(&app.pool, engine, &t).await;
        out.insert(t, (c, i));
    }
    out
}

#[tokio::test]
async fn sqlite_and_postgres_build_the_same_schema() {
    let lite = spawn_app(Engine::Sqlite).await;
    let pg = spawn_app(Engine::Postgres).await;
    let (a, b) = (schema(&lite, Engine::Sqlite).await, schema(&pg, Engine::Postgres).await);
    assert!(a.len() >= 10, "the schema was read: {:?}", a.keys());
    let index_count: usize = b.values().map(|(_, i)| i.len()).sum();
    assert!(index_count >= 8, "the indexes were read: {b:?}");
    let names_a: BTreeSet<_> = a.keys().collect();
    let names_b: BTreeSet<_> = b.keys().collect();
    assert_eq!(names_a, names_b, "the same tables on both engines");
    let mut differences = Vec::new();
    for (table, (cols_a, idx_a)) in a.iter().filter(|(t, _)| !ENGINE_SPECIFIC.contains(&t.as_str())) {
        let (cols_b, idx_b) = &b[table];
        if cols_a != cols_b {
            differences
                .push(format!("{table} columns (name → nullable): SQLite {cols_a:?}, PostgreSQL {cols_b:?}"));
        }
        if idx_a != idx_b {
            differences
                .push(format!("{table} indexes (unique, columns): SQLite {idx_a:?}, PostgreSQL {idx_b:?}"));
        }
    }
    assert!(differences.is_empty(), "the engines' migrations differ:\n{}", differences.join("\n"));
    lite.stop().await.expect("stop");
    pg.stop().await.expect("stop");
}

async fn every_column_that_points_at_a_person_belongs_to_a_domain(engine: Engine) {
    let app = spawn_app(engine).await;
    let people = puente::routes::people(app.notebooks.clone());
    let covered: BTreeSet<(String, String)> =
        people.covered().into_iter().map(|(t, c)| (t.to_owned(), c.to_owned())).collect();
    let exempt: BTreeSet<(String, String)> =
        app::people::EXEMPT.iter().map(|(t, c, _why)| ((*t).to_owned(), (*c).to_owned())).collect();
    let pointing = person_columns(&app.pool, engine).await;
    assert!(pointing.len() >= 8, "the references were read: {pointing:?}");
    let forgotten: Vec<String> = pointing
        .iter()
        .filter(|p| !covered.contains(*p) && !exempt.contains(*p))
        .map(|(t, c)| format!("{t}.{c}"))
        .collect();
    assert!(
        forgotten.is_empty(),
        "kept about a person by no domain: {forgotten:?}. Add each to its domain's PersonalData::tables \
         (so it is exported and erased) or to people::EXEMPT with the reason it stays"
    );
    // And nothing listed is stale: every covered or exempt column exists.
    let schema = schema(&app, engine).await;
    for (t, c) in covered.iter().chain(&exempt) {
        assert!(
            schema.get(t).is_some_and(|(cols, _)| cols.contains_key(c)),
            "{t}.{c} is listed as personal data but is not in the schema"
        );
    }
    app.stop().await.expect("stop");
}

crate::both_engines!(every_column_that_points_at_a_person_belongs_to_a_domain);
