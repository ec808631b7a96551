use brink_core::content::ContentDb;
fn main() {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    for cs in db.c_scenarios.iter() {
        if let Some(t) = cs.draw_table.as_ref() {
            let a = &t.atoms;
            println!(
                "rows {} at_least {} below {} turn {} words {} joins {} other {}",
                t.rows.len(),
                a.at_least.len(),
                a.below.len(),
                a.turn.len(),
                a.words.len(),
                a.joins.len(),
                a.other.len()
            );
        } else {
            println!("no table, draws {}", cs.draws.len());
        }
        if let Some(t) = cs.incident_table.as_ref() {
            let a = &t.atoms;
            println!(
                "  inc rows {} at_least {} below {} turn {} words {} joins {} other {}",
                t.rows.len(),
                a.at_least.len(),
                a.below.len(),
                a.turn.len(),
                a.words.len(),
                a.joins.len(),
                a.other.len()
            );
        }
    }
}
