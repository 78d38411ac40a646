//! The forums under load, on this machine, on SQLite and (when `PUENTE_BENCH_POSTGRES_URL` names
//! a server) on PostgreSQL: a 100-post topic page (SQL statements per page, latency percentiles
//! anonymous and signed in), search over 200,000 generated posts in Spanish and Portuguese
//! (latency per kind of query, and under load), indexing speed, and posting throughput through
//! the real reply form. Puente runs in this process as the README's run command sets it up.
//! `PUENTE_BENCH_POSTS` sets how many posts search runs over; `PUENTE_BENCH_REQUESTS` the
//! requests per load measurement. Prints numbers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a failure is the run failing

mod common;

use common::{client, count_queries, load, ms, percentile, person, requests, start, statements, CONCURRENCY};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Words researchers write about clusters, Spanish and Portuguese, most common first.
const COMMON: &[&str] = &[
    "el",
    "la",
    "de",
    "que",
    "en",
    "los",
    "para",
    "con",
    "una",
    "por",
    "o",
    "e",
    "do",
    "da",
    "não",
    "um",
    "uma",
    "cluster",
    "clúster",
    "nodo",
    "nó",
    "trabajo",
    "trabalho",
    "cola",
    "fila",
    "memoria",
    "memória",
    "módulo",
    "script",
    "python",
    "slurm",
    "sbatch",
    "srun",
    "squeue",
    "error",
    "erro",
    "archivo",
    "arquivo",
    "datos",
    "dados",
    "login",
    "ssh",
    "clave",
    "senha",
    "núcleos",
    "núcleos",
    "gpu",
    "cuda",
    "tiempo",
    "tempo",
    "ejecutar",
    "executar",
    "instalar",
    "entorno",
    "ambiente",
    "conda",
    "paquete",
    "pacote",
    "versión",
    "versão",
    "permiso",
    "permissão",
    "carpeta",
    "pasta",
    "scratch",
    "home",
    "cuota",
    "cota",
    "horas",
    "límite",
    "limite",
    "notebook",
    "jupyter",
    "kernel",
    "resultado",
    "simulación",
    "simulação",
    "modelo",
    "paralelo",
    "mpi",
    "openmp",
    "hilos",
    "threads",
    "compilar",
    "compilador",
    "biblioteca",
    "R",
    "matlab",
    "julia",
    "array",
    "dependencia",
    "dependência",
    "prioridad",
    "prioridade",
    "partición",
    "partição",
    "reserva",
    "nodos",
    "nós",
    "trabajos",
    "trabalhos",
    "colas",
    "filas",
    "memorias",
    "errores",
    "erros",
    "archivos",
    "arquivos",
];

/// Words few posts carry: searching them must stay as fast as searching common ones.
const RARE: &[&str] = &[
    "singularity",
    "apptainer",
    "infiniband",
    "lustre",
    "checkpoint",
    "hdf5",
    "netcdf",
    "fortran",
    "petsc",
    "gromacs",
    "lammps",
    "quantum",
    "espresso",
    "bioconductor",
    "snakemake",
    "nextflow",
    "dask",
    "zarr",
];

/// A small deterministic generator (xorshift), so every run searches the same posts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Close to Zipf's law over `n` items: index 0 most often.
    fn zipf(&mut self, n: usize) -> usize {
        ((n as f64).powf(self.unit()) as usize).saturating_sub(1).min(n - 1)
    }
}

/// A made-up word from syllables: the long tail of names, variables and typos in real posts.
fn tail_word(rng: &mut Rng) -> String {
    const SYL: &[&str] =
        &["ca", "lo", "mi", "tra", "ver", "sen", "dro", "pal", "qui", "nes", "tor", "bam", "fe", "lux"];
    let n = 2 + (rng.next() % 3) as usize;
    (0..n).map(|_| SYL[(rng.next() % SYL.len() as u64) as usize]).collect()
}

fn body(rng: &mut Rng, tail: &[String]) -> String {
    let words = 25 + (rng.next() % 60) as usize;
    let mut out = Vec::with_capacity(words);
    for _ in 0..words {
        let r = rng.next() % 100;
        if r < 70 {
            out.push(COMMON[rng.zipf(COMMON.len())].to_owned());
        } else if r < 71 {
            out.push(RARE[(rng.next() % RARE.len() as u64) as usize].to_owned());
        } else {
            out.push(tail[rng.zipf(tail.len())].clone());
        }
    }
    let mut text = out.join(" ");
    if rng.next().is_multiple_of(10) {
        text.push_str("\n\n```bash\nsbatch --array=1-10 job.sh\n```");
    }
    text
}

struct Seeded {
    big_topic: String,
    reply_topic: String,
    reader: String,
    writers: Vec<String>,
}

async fn seed(pool: &sqlx::AnyPool, total: usize) -> Seeded {
    let now = app::kernel::clock::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let tail: Vec<String> = (0..20_000).map(|_| tail_word(&mut rng)).collect();
    let started = Instant::now();
    let mut tx = app::kernel::db::begin(pool).await.unwrap();
    let (_, _) = person(&mut tx, "lucia@bench.example", "Lucía Morales", Some("trainer")).await;
    let (reader_id, reader) = person(&mut tx, "ana@bench.example", "Ana Souza", None).await;
    let mut authors = Vec::new();
    for i in 0..50 {
        let (id, _) = person(&mut tx, &format!("autor{i}@bench.example"), &format!("Autora {i}"), None).await;
        authors.push(id);
    }
    let mut writers = Vec::new();
    for i in 0..200 {
        let (id, token) =
            person(&mut tx, &format!("w{i}@bench.example"), &format!("Escritora {i}"), None).await;
        authors.push(id);
        writers.push(token);
    }
    for (i, id) in authors.iter().chain([reader_id].iter()).enumerate() {
        sqlx::query(
            "INSERT INTO forum_people (user_id, handle, trust_level, unsubscribe_token, created_at) VALUES ($1, $2, 2, $3, $4)",
        )
        .bind(id)
        .bind(format!("persona{i}"))
        .bind(app::kernel::tokens::new_token())
        .bind(now - 90 * 86_400)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    let mut categories = Vec::new();
    for (slug, visibility) in [("general", "public"), ("ayuda", "public"), ("formadores", "trainers")] {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO forum_categories (slug, name_es, name_pt, name_en, visibility, kind, created_at) \
             VALUES ($1, $1, $1, $1, $2, 'qa', $3) RETURNING id",
        )
        .bind(slug)
        .bind(visibility)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        categories.push(id);
    }
    tx.commit().await.unwrap();

    // Topics of ten posts each; then one topic of 100 posts and one to reply to.
    let per_topic = 10;
    let topics = total.div_ceil(per_topic);
    let mut made = 0usize;
    let mut tx = app::kernel::db::begin(pool).await.unwrap();
    let topic_of = |t: usize, rng: &mut Rng| -> (i64, String, i64) {
        let title = format!("{} {} {}", COMMON[rng.zipf(COMMON.len())], tail[rng.zipf(tail.len())], t);
        (categories[t % categories.len()], title, now - ((topics - t) as i64) * 600)
    };
    for t in 0..topics {
        let (category, title, at) = topic_of(t, &mut rng);
        let (topic,): (i64,) = sqlx::query_as(
            "INSERT INTO forum_topics (category_id, user_id, title, slug, reply_count, last_number, last_posted_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(category)
        .bind(authors[t % authors.len()])
        .bind(&title)
        .bind(app::kernel::words::slug_from(&title))
        .bind(per_topic as i64 - 1)
        .bind(per_topic as i64)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        for n in 1..=per_topic {
            let text = body(&mut rng, &tail);
            let html = app::kernel::markdown::post_html(&text).unwrap().html;
            sqlx::query(
                "INSERT INTO forum_posts (topic_id, number, user_id, body, html, body_hash, created_at, like_count) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(topic)
            .bind(n as i64)
            .bind(authors[(t + n) % authors.len()])
            .bind(&text)
            .bind(html)
            .bind(format!("{topic}-{n}"))
            .bind(at + n as i64)
            .bind((rng.next() % 5) as i64)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        made += per_topic;
        if made.is_multiple_of(20_000) {
            tx.commit().await.unwrap();
            tx = app::kernel::db::begin(pool).await.unwrap();
        }
    }
    // Half the topics are solved.
    sqlx::query("UPDATE forum_topics SET solved_post_id = (SELECT p.id FROM forum_posts p WHERE p.topic_id = forum_topics.id AND p.number = 2) WHERE id % 2 = 0")
        .execute(&mut *tx)
        .await
        .unwrap();
    let mut special = Vec::new();
    for (title, posts) in [("Cómo usar sbatch con arrays de trabajos", 100), ("Preséntate aquí", 1)] {
        let (topic,): (i64,) = sqlx::query_as(
            "INSERT INTO forum_topics (category_id, user_id, title, slug, reply_count, last_number, last_posted_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(categories[0])
        .bind(authors[0])
        .bind(title)
        .bind(app::kernel::words::slug_from(title))
        .bind(posts - 1)
        .bind(posts)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        for n in 1..=posts {
            let mut text = body(&mut rng, &tail);
            if n % 7 == 0 {
                text.push_str(" Gracias @persona3, ver [la guía](https://docs.example/slurm).");
            }
            let html = app::kernel::markdown::post_html(&text).unwrap().html;
            sqlx::query(
                "INSERT INTO forum_posts (topic_id, number, user_id, body, html, body_hash, created_at, like_count) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(topic)
            .bind(n)
            .bind(authors[n as usize % 50])
            .bind(&text)
            .bind(html)
            .bind(format!("s{topic}-{n}"))
            .bind(now - 100 + n)
            .bind(n % 4)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        special.push(format!("/es/forum/t/{topic}-{}", app::kernel::words::slug_from(title)));
    }
    tx.commit().await.unwrap();
    println!(
        "seeded {} posts in {} topics (3 categories, one for trainers only) in {:.1} s",
        made + 101,
        topics + 2,
        started.elapsed().as_secs_f64()
    );
    // The planner's statistics, as a running site has them (PostgreSQL's autovacuum, SQLite's
    // `ANALYZE` that operators run after a large import).
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    let indexing = Instant::now();
    let indexed = app::forum::search::backfill(pool).await.unwrap();
    let secs = indexing.elapsed().as_secs_f64();
    println!(
        "search index: {indexed} posts folded, stemmed and indexed in {secs:.1} s ({:.0} posts/s)",
        indexed as f64 / secs
    );
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    Seeded { big_topic: special[0].clone(), reply_topic: special[1].clone(), reader, writers }
}

/// Sequential searches, `rounds` of each query: prints each query's median, returns all times.
async fn searches(client: &reqwest::Client, base: &str, cookie: &str, rounds: usize) -> Vec<Duration> {
    let cases = [
        ("common word", "cluster"),
        ("common word, other language and plural", "clústeres"),
        ("two common words", "memoria+error"),
        ("three words", "trabajos+cola+prioridad"),
        ("rare word", "apptainer"),
        ("rare and common", "lustre+archivos"),
        ("prefix of the last word", "sbat"),
        ("category filter", "memoria&category=ayuda"),
        ("solved only", "slurm&solved=1"),
        ("author filter", "cuda&author=persona7"),
        ("date range", "gpu&since=2020-01-01&until=2099-12-31"),
        ("later page", "python&page=3"),
        ("nothing matches", "zzzzqqq"),
    ];
    let mut all = Vec::new();
    for (label, q) in cases {
        let url = format!("{base}/pt/search?q={q}");
        let mut times = Vec::new();
        for _ in 0..rounds {
            let t = Instant::now();
            let res =
                client.get(&url).header("Cookie", format!("puente_session={cookie}")).send().await.unwrap();
            assert_eq!(res.status().as_u16(), 200, "{url}");
            let page = res.text().await.unwrap();
            times.push(t.elapsed());
            if q != "zzzzqqq" && !page.contains("<mark>") {
                println!("  ({label}: nothing found for {q} in this many posts)");
            }
        }
        times.sort();
        println!(
            "  {label:<42} q={q:<40} p50 {:6.1} ms  max {:6.1} ms",
            ms(percentile(&times, 0.5)),
            ms(*times.last().unwrap())
        );
        all.extend(times);
    }
    all.sort();
    all
}

/// Every writer replies once, `CONCURRENCY` at a time, through the reply form.
async fn posting(client: &reqwest::Client, base: &str, topic: &str, writers: &[String]) {
    let next = Arc::new(AtomicUsize::new(0));
    let writers = Arc::new(writers.to_vec());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, base, topic, writers, next) =
            (client.clone(), base.to_owned(), topic.to_owned(), writers.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(cookie) = writers.get(i) else { break };
                let body = format!(
                    "body=Hola+a+todas%2C+soy+la+escritora+{i}+y+uso+el+cl%C3%BAster+para+simulaciones+{i}."
                );
                let t = Instant::now();
                let res = client
                    .post(format!("{base}{topic}/reply"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", &base)
                    .header("Cookie", format!("puente_session={cookie}"))
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                assert_eq!(status, 303, "{}", res.text().await.unwrap_or_default());
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let secs = started.elapsed().as_secs_f64();
    all.sort();
    println!(
        "posting: {} replies through the form, {CONCURRENCY} at once: {:.0} posts/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        all.len(),
        all.len() as f64 / secs,
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.95)),
        ms(percentile(&all, 0.99)),
    );
}

async fn bench(
    engine: &str,
    database_url: Option<String>,
    total: usize,
    requests: usize,
    queries: &AtomicUsize,
) {
    println!("== {engine} ==");
    let running = start(&format!("forum-{engine}"), database_url).await;
    let (base, pool) = (running.base.clone(), running.pool.clone());
    let seeded = seed(&pool, total).await;
    let client = client();

    for (label, cookie) in [("anonymous", None), ("signed in", Some(seeded.reader.as_str()))] {
        let (n, bytes) = statements(&client, queries, &base, &seeded.big_topic, cookie).await;
        println!("100-post topic page, {label}: {n} SQL statements, {bytes} bytes of HTML");
    }
    let (n, _) =
        statements(&client, queries, &base, "/pt/search?q=memoria+error", Some(&seeded.reader)).await;
    println!("search page: {n} SQL statements");
    load(&client, &base, &seeded.big_topic, None, requests, "100-post topic page, anonymous").await;
    load(&client, &base, &seeded.big_topic, Some(&seeded.reader), requests, "100-post topic page, signed in")
        .await;

    println!("search over {total} posts, one reader at a time (the whole results page):");
    let all = searches(&client, &base, &seeded.reader, 15).await;
    println!(
        "search, all queries: {} searches, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        all.len(),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.95)),
        ms(percentile(&all, 0.99))
    );
    load(
        &client,
        &base,
        "/pt/search?q=memoria+error",
        Some(&seeded.reader),
        requests / 4,
        "search under load (two common words)",
    )
    .await;
    posting(&client, &base, &seeded.reply_topic, &seeded.writers).await;
    running.stop().await;
}

#[tokio::main]
async fn main() {
    let requests = requests(2000);
    let total: usize =
        std::env::var("PUENTE_BENCH_POSTS").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000);
    let queries = count_queries();
    // `PUENTE_BENCH_ENGINES=postgres` (or `sqlite`) measures one engine only.
    let engines = std::env::var("PUENTE_BENCH_ENGINES").unwrap_or_else(|_| "sqlite,postgres".to_owned());
    if engines.contains("sqlite") {
        bench("SQLite", None, total, requests, &queries).await;
    }
    if let (true, Ok(admin)) = (engines.contains("postgres"), std::env::var("PUENTE_BENCH_POSTGRES_URL")) {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&admin).await.unwrap();
        let name = format!("puente_bench_{}", std::process::id());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.unwrap();
        let url = match admin.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => panic!("PUENTE_BENCH_POSTGRES_URL is not a URL: {admin}"),
        };
        bench("PostgreSQL", Some(url), total, requests, &queries).await;
        let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&pool).await;
    }
    println!("machine: {} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
}
