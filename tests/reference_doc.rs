//! The checked-in scenario reference must be what `spmsim reference` prints, so the
//! documentation can never drift from what the loader accepts.

#[test]
fn scenario_reference_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-reference.md");
    let on_disk = std::fs::read_to_string(&path).expect("docs/scenario-reference.md");
    let generated = spmsim::scenario::reference::markdown();
    assert!(
        on_disk == generated,
        "docs/scenario-reference.md is stale: regenerate it with `cargo run --release -- reference > docs/scenario-reference.md`"
    );
}

#[test]
fn every_parameter_is_documented() {
    let doc = spmsim::scenario::reference::markdown();
    for spec in spmsim::scenario::MotionParams::SPECS
        .iter()
        .chain(spmsim::scenario::GlobalParams::SPECS)
    {
        assert!(doc.contains(&format!("`{}`", spec.key)), "{}", spec.key);
        assert!(!spec.doc.is_empty(), "{}", spec.key);
    }
}
