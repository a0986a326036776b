//! Reading CRM exports (src/crm): exports shaped like Salesforce (Swedish locale), HubSpot
//! and a plain `lower_snake` export with a separate teams file, every bad-data case with its
//! row, and the observed moments computed by hand from the fixture rows.

use std::collections::BTreeMap;

use spmsim::crm::moments::observe;
use spmsim::crm::{
    Date, DateFormat, Field, Mapping, Outcome, ProblemKind, ReadError, Teams, read_export,
};
use spmsim::scenario::Motion;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/crm/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn read(name: &str) -> spmsim::crm::Export {
    read_export(&fixture(name), name, &Mapping::default(), None).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::ymd(y, m, d).unwrap()
}

#[test]
fn snake_export_with_a_teams_file() {
    let teams = Teams::from_csv(&fixture("snake_teams.csv"), "snake_teams.csv").unwrap();
    assert_eq!(teams.columns, ("sales_agent".into(), "manager".into()));
    let e = read_export(
        &fixture("snake.csv"),
        "snake.csv",
        &Mapping::default(),
        Some(&teams),
    )
    .unwrap();
    assert_eq!(e.rows, 12);
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    assert_eq!(e.date_format.0, DateFormat::Mdy, "{}", e.date_format.1);
    assert_eq!(e.columns[&Field::Owner].0, "sales_agent");
    assert_eq!(e.columns[&Field::Created].0, "engage_date");
    assert_eq!(e.columns[&Field::Amount].0, "close_value");
    assert_eq!(
        e.export_date,
        day(2017, 3, 18),
        "the latest date in the file"
    );
    let first = &e.opportunities[0];
    assert_eq!(first.row, 2);
    assert_eq!(first.id, "1C1I7A6R");
    assert_eq!(first.team.as_deref(), Some("Dustin Brinkmann"));
    assert_eq!(first.created, Some(day(2016, 10, 20)));
    assert_eq!(first.closed, Some(day(2017, 3, 1)));
    assert_eq!(first.amount, Some(1054.0));
    let prospecting = e.opportunities.iter().find(|o| o.id == "HAXMC4IX").unwrap();
    assert_eq!(prospecting.outcome, Outcome::Open);
    assert_eq!(prospecting.created, None);
    assert_eq!(e.open_stages.get("Prospecting"), Some(&1));
    assert!(
        e.notes.iter().any(|n| n.contains("no created date")),
        "{:?}",
        e.notes
    );
}

#[test]
fn salesforce_report_in_swedish_locale() {
    let e = read("salesforce_sv.csv");
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    assert_eq!(e.date_format.0, DateFormat::Dmy, "{}", e.date_format.1);
    assert_eq!(e.currency.as_deref(), Some("SEK"));
    assert_eq!(e.columns[&Field::Owner].0, "Opportunity Owner");
    assert_eq!(e.columns[&Field::Source].0, "Lead Source");
    assert!(!e.columns.contains_key(&Field::Id));
    assert!(
        !e.columns.contains_key(&Field::Motion),
        "`Type` is not a motion"
    );
    let amounts: Vec<Option<f64>> = e.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(amounts[0], Some(485_000.0));
    assert_eq!(amounts[2], Some(1_250_000.0));
    assert_eq!(amounts[4], Some(96_500.5));
    assert_eq!(e.opportunities[0].created, Some(day(2023, 11, 2)));
    let won = e
        .opportunities
        .iter()
        .filter(|o| o.outcome == Outcome::Won)
        .count();
    let open = e
        .opportunities
        .iter()
        .filter(|o| o.outcome == Outcome::Open)
        .count();
    assert_eq!((won, open), (3, 2));
    assert!(e.notes.iter().any(|n| n.contains("no id column")));
}

#[test]
fn hubspot_deals_export() {
    let e = read("hubspot.csv");
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    assert_eq!(e.date_format.0, DateFormat::Ymd);
    assert_eq!(e.columns[&Field::Id].0, "Record ID");
    assert_eq!(e.columns[&Field::Owner].0, "Deal owner");
    assert_eq!(e.opportunities[0].amount, Some(12_400.0));
    assert_eq!(
        e.opportunities[1].amount,
        Some(8_000.0),
        "a thousand, as the file writes"
    );
    assert_eq!(e.opportunities[3].amount, Some(1_050.5));
    assert_eq!(e.opportunities[4].amount, None);
    assert_eq!(
        e.opportunities[2].closed, None,
        "an open deal's close date is expected, not real"
    );
    assert_eq!(e.opportunities[0].closed, Some(day(2024, 2, 14)));
}

#[test]
fn every_bad_row_is_counted_with_its_row() {
    let e = read("bad.csv");
    let by_row: BTreeMap<usize, Vec<ProblemKind>> =
        e.problems.iter().fold(BTreeMap::new(), |mut m, p| {
            m.entry(p.row).or_insert_with(Vec::new).push(p.kind);
            m
        });
    use ProblemKind::*;
    let expected: BTreeMap<usize, Vec<ProblemKind>> = [
        (3, vec![DuplicateId]),
        (4, vec![MissingOwner]),
        (5, vec![CloseBeforeCreate]),
        (6, vec![NegativeAmount]),
        (7, vec![WonWithoutAmount]),
        (8, vec![UnknownStage]),
        (9, vec![MixedCurrency]),
        (10, vec![BadDate]),
        (11, vec![BadAmount]),
        (12, vec![MissingDate]),
        (14, vec![ShortRow]),
    ]
    .into_iter()
    .collect();
    assert_eq!(by_row, expected, "{:#?}", e.problems);
    let ids: Vec<&str> = e.opportunities.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["A1", "A12"]);
    assert_eq!(e.rows_with_problems(), 11);
    assert_eq!(e.currency.as_deref(), Some("EUR"));
    let text: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        text.contains(&"row 3: duplicate id: id \"A1\" is also on row 2".to_string()),
        "{text:?}"
    );
    assert!(text.iter().any(|t| {
        t.starts_with("row 5: closed before created: closed 2024-02-01, created 2024-03-01")
    }));
    assert!(
        text.iter()
            .any(|t| t.contains("amount in USD, most rows are in EUR"))
    );
}

#[test]
fn ambiguous_dates_are_refused_with_a_row_unless_the_mapping_says() {
    let text = "id,owner,created,closed,stage,amount\n1,Ann,01/02/2024,03/04/2024,Won,100\n2,Bo,05/06/2024,07/08/2024,Lost,0\n";
    let err = read_export(text, "x.csv", &Mapping::default(), None).unwrap_err();
    assert!(
        matches!(err, ReadError::AmbiguousDates { row: 2, .. }),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("2024-01-02 (US m/d/Y) or 2024-02-01 (European d/m/Y)"),
        "{msg}"
    );
    let map = Mapping::from_toml("[dates]\nformat = \"d/m/Y\"\n", "map.toml").unwrap();
    let e = read_export(text, "x.csv", &map, None).unwrap();
    assert_eq!(e.opportunities[0].created, Some(day(2024, 2, 1)));
}

#[test]
fn a_mapping_names_columns_and_stages() {
    let text = "Deal;Säljare;Skapad;Avslutad;Fas;Belopp;Team\nD1;Ann;2024-01-02;2024-02-01;Order;12 000;Syd\nD2;Ann;2024-01-03;2024-03-01;Nej tack;0;Syd\nD3;Bo;2024-01-04;;Offert;5 000;Norr\nD4;Bo;2024-01-05;;Okänd;1;Norr\n";
    let map = Mapping::from_toml(
        "[columns]\nid = \"Deal\"\nclosed = \"Avslutad\"\n[stages]\nwon = \"Order\"\nlost = [\"Nej tack\"]\nopen = [\"Offert\"]\n[motions]\nNorr = \"complex\"\n",
        "map.toml",
    )
    .unwrap();
    let e = read_export(text, "x.csv", &map, None).unwrap();
    assert_eq!(e.columns[&Field::Id], ("Deal".to_string(), false));
    assert_eq!(e.columns[&Field::Owner], ("Säljare".to_string(), true));
    assert_eq!(e.columns[&Field::Team].0, "Team");
    let outcomes: Vec<Outcome> = e.opportunities.iter().map(|o| o.outcome).collect();
    assert_eq!(outcomes, [Outcome::Won, Outcome::Lost, Outcome::Open]);
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].row, 5);
    assert_eq!(e.problems[0].kind, ProblemKind::UnknownStage);
    let m = observe(&e, &map.motions);
    let norr = m.teams.iter().find(|t| t.team == "Norr").unwrap();
    assert_eq!(
        (norr.motion, norr.reason.as_str()),
        (Motion::Complex, "named by the mapping")
    );
}

#[test]
fn mapping_errors_name_the_key() {
    let bad = [
        (
            "[columns]\nowner = 3\n",
            "[columns] `owner` must be the column's header text",
        ),
        ("[columns]\nrep = \"x\"\n", "[columns] `rep` is not a field"),
        (
            "[dates]\nformat = \"Y/d/m\"\n",
            "format = \"Y/d/m\" is not known",
        ),
        (
            "[motions]\nNorr = \"enterprise\"\n",
            "[motions] \"Norr\" must be",
        ),
        ("[stagez]\nwon = \"x\"\n", "[stagez] is not known"),
    ];
    for (text, want) in bad {
        let msg = Mapping::from_toml(text, "map.toml")
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("map.toml: ") && msg.contains(want), "{msg}");
    }
    let map = Mapping::from_toml("[columns]\nowner = \"Sales Agnet\"\n", "map.toml").unwrap();
    let err = read_export(&fixture("snake.csv"), "snake.csv", &map, None).unwrap_err();
    assert!(
        err.to_string().contains("did you mean \"sales_agent\""),
        "{err}"
    );
}

#[test]
fn a_missing_column_is_named_with_what_was_looked_for() {
    let err = read_export(
        "who,when,what\nAnn,2024-01-01,Won\n",
        "x.csv",
        &Mapping::default(),
        None,
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("no column for `owner`") && msg.contains("who, when, what"),
        "{msg}"
    );
    assert!(matches!(
        read_export("", "x.csv", &Mapping::default(), None),
        Err(ReadError::Empty { .. })
    ));
}

#[test]
fn moments_by_hand() {
    let teams = Teams::from_csv(&fixture("snake_teams.csv"), "t.csv").unwrap();
    let e = read_export(
        &fixture("snake.csv"),
        "snake.csv",
        &Mapping::default(),
        Some(&teams),
    )
    .unwrap();
    let m = observe(&e, &BTreeMap::new());
    assert_eq!(m.window, (day(2016, 10, 20), day(2017, 3, 18)));
    assert_eq!(m.motions.len(), 1, "every team has the same long cycles");
    let t = &m.motions[0];
    assert_eq!(t.motion, Motion::Complex, "{:?}", m.teams);
    assert!(
        m.teams
            .iter()
            .all(|t| t.won == 0 || t.reason.contains("won-deal cycle 1"))
    );
    // Won: 1054, 4514, 50, 588, 517, 57, 5169; lost 3; open 2.
    assert_eq!(t.counts, [7, 3, 2]);
    assert_eq!(t.win_rate, Some(0.7));
    let v = t.won_value.as_ref().unwrap();
    assert_eq!(v.median, 588.0);
    assert!((v.mean - (1054.0 + 4514.0 + 50.0 + 588.0 + 517.0 + 57.0 + 5169.0) / 7.0).abs() < 1e-9);
    assert_eq!(t.reps, 7);
    let weeks = (day(2017, 3, 18).0 - day(2016, 10, 20).0) as f64 / 7.0;
    assert!((t.won_per_rep_week - 7.0 / (7.0 * weeks)).abs() < 1e-12);
    assert!((t.created_per_rep_week - 11.0 / (7.0 * weeks)).abs() < 1e-12);
    assert!((t.open_per_rep - 2.0 / 7.0).abs() < 1e-12);
    // Won-deal cycles in days: 132, 137, 133, 135, 128, 123, 134 → median 133 days.
    assert!((t.won_cycle.as_ref().unwrap().quartiles[1] - 133.0 / 7.0).abs() < 1e-9);
    assert!(
        t.too_few
            .as_ref()
            .unwrap()
            .contains("10 closed deals; at least 30")
    );
}

#[test]
fn long_cycles_make_a_team_complex() {
    let mut text = String::from("id,owner,team,created,closed,stage,amount\n");
    for k in 0..20 {
        // Team Enterprise: 20 weeks, 400 000; team Inside: 3 weeks, 20 000.
        text += &format!(
            "E{k},Eva,Enterprise,2023-01-{:02},2023-05-{:02},Won,400000\n",
            k + 1,
            k + 10
        );
        text += &format!(
            "I{k},Ivar,Inside,2023-03-{:02},2023-03-{:02},Won,20000\n",
            k + 1,
            k + 8
        );
    }
    let e = read_export(&text, "x.csv", &Mapping::default(), None).unwrap();
    let m = observe(&e, &BTreeMap::new());
    let motion = |team: &str| m.teams.iter().find(|t| t.team == team).unwrap().motion;
    assert_eq!(motion("Enterprise"), Motion::Complex);
    assert_eq!(motion("Inside"), Motion::Traditional);
    assert_eq!(m.motions.len(), 2);
    assert_eq!(m.motions[1].won_value.as_ref().unwrap().median, 400_000.0);
}

fn problems_by_row(e: &spmsim::crm::Export) -> Vec<(usize, ProblemKind)> {
    e.problems.iter().map(|p| (p.row, p.kind)).collect()
}

#[test]
fn pipedrive_deals_with_won_and_lost_time_columns() {
    let e = read("pipedrive.csv");
    assert_eq!(
        problems_by_row(&e),
        [(6, ProblemKind::UnknownStage)],
        "a deleted deal is not open pipeline"
    );
    assert!(e.problems[0].detail.contains("\"deleted\""));
    assert_eq!(e.columns[&Field::Id].0, "Deal - ID");
    assert_eq!(e.columns[&Field::Owner].0, "Deal - Owner");
    assert_eq!(e.columns[&Field::Amount].0, "Deal - Value");
    assert_eq!(
        e.columns[&Field::Stage].0,
        "Deal - Status",
        "the status says won or lost; the pipeline stage does not"
    );
    assert_eq!(e.columns[&Field::Created].0, "Deal - Deal created");
    assert_eq!(e.currency.as_deref(), Some("EUR"));
    let o = &e.opportunities;
    assert_eq!(o.len(), 4);
    assert_eq!((o[0].id.as_str(), o[0].outcome), ("101", Outcome::Won));
    assert_eq!(o[0].created, Some(day(2024, 1, 8)));
    assert_eq!(o[0].closed, Some(day(2024, 2, 20)), "from the won time");
    assert_eq!(o[1].outcome, Outcome::Lost);
    assert_eq!(o[1].closed, Some(day(2024, 3, 1)), "from the lost time");
    assert_eq!(o[2].outcome, Outcome::Open);
    assert_eq!(o[2].amount, Some(8800.5));
    assert_eq!(o[3].closed, Some(day(2024, 4, 2)));
}

#[test]
fn dynamics_opportunities_with_crlf_and_am_pm() {
    let e = read("dynamics.csv");
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    assert_eq!(e.columns[&Field::Id].0, "(Do Not Modify) Opportunity");
    assert_eq!(e.columns[&Field::Stage].0, "Status");
    assert_eq!(e.columns[&Field::Amount].0, "Actual Revenue");
    assert_eq!(e.columns[&Field::Closed].0, "Actual Close Date");
    assert_eq!(e.columns[&Field::Created].0, "Created On");
    assert_eq!(e.date_format.0, DateFormat::Mdy);
    let o = &e.opportunities;
    let rows: Vec<usize> = o.iter().map(|o| o.row).collect();
    assert_eq!(
        rows,
        [2, 3, 4, 5],
        "CRLF line ends do not shift row numbers"
    );
    assert_eq!(o[0].created, Some(day(2024, 1, 9)), "1/9/2024 10:22 AM");
    assert_eq!(o[0].closed, Some(day(2024, 3, 18)));
    assert_eq!(o[0].amount, Some(48_250.0));
    assert_eq!(o[1].outcome, Outcome::Lost);
    assert_eq!(
        o[1].amount,
        Some(12_000.0),
        "no actual revenue: the estimated"
    );
    assert_eq!(o[2].outcome, Outcome::Open);
    assert_eq!(o[2].amount, Some(7_500.0));
    assert_eq!(o[3].amount, Some(1_234.5));
}

#[test]
fn excel_semicolon_export_with_bom_crlf_and_totals_row() {
    let e = read("excel_sv.csv");
    assert_eq!(e.columns[&Field::Owner].0, "Säljare");
    assert_eq!(e.columns[&Field::Stage].0, "Fas");
    assert_eq!(e.columns[&Field::Amount].0, "Belopp");
    assert_eq!(e.date_format.0, DateFormat::Dmy, "{}", e.date_format.1);
    assert_eq!(e.currency.as_deref(), Some("SEK"));
    assert_eq!(e.rows, 5, "the empty line and the totals row are not rows");
    let o = &e.opportunities;
    let ids: Vec<&str> = o.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["SV-001", "SV-002", "SV-004"]);
    assert_eq!(o[0].row, 2);
    assert_eq!(o[0].amount, Some(12_500.0));
    assert_eq!(o[0].created, Some(day(2024, 1, 5)), "05.01.24");
    assert_eq!(o[0].closed, Some(day(2024, 2, 20)));
    assert_eq!(o[1].row, 3, "the quoted comment spans lines 3 and 4");
    assert_eq!(o[1].amount, Some(3_200.5));
    assert_eq!(o[2].row, 6);
    assert_eq!(o[2].amount, Some(12_000.0), "SEK 12 000");
    assert_eq!(
        problems_by_row(&e),
        [
            (5, ProblemKind::MixedCurrency),
            (7, ProblemKind::NegativeAmount)
        ]
    );
    assert!(e.problems[0].detail.contains('€'), "{}", e.problems[0]);
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("footer") && n.contains("row 9 \"Total 1 234 567\"")),
        "{:?}",
        e.notes
    );
}

#[test]
fn salesforce_data_loader_export() {
    let e = read("sf_loader.csv");
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    assert_eq!(e.columns[&Field::Id].0, "Id");
    assert_eq!(e.columns[&Field::Owner].0, "Owner.Name");
    assert_eq!(e.columns[&Field::Stage].0, "StageName");
    assert_eq!(e.columns[&Field::Currency].0, "CurrencyIsoCode");
    assert_eq!(e.date_format.0, DateFormat::Ymd);
    let o = &e.opportunities;
    assert_eq!(
        o[0].created,
        Some(day(2024, 1, 4)),
        "2024-01-04T15:22:31.000+0000"
    );
    assert_eq!(o[0].closed, Some(day(2024, 3, 28)));
    assert_eq!(o[2].created, Some(day(2024, 3, 2)), "the local date, -0800");
    assert_eq!(o[2].outcome, Outcome::Open);
    assert_eq!(o[2].amount, Some(120_000.0));
}

#[test]
fn salesforce_report_with_its_footer() {
    let e = read("sf_report.csv");
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    assert_eq!(e.rows, 3);
    assert_eq!(e.date_format.0, DateFormat::Mdy);
    assert_eq!(e.currency.as_deref(), Some("$"));
    let amounts: Vec<Option<f64>> = e.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(amounts, [Some(18_400.0), Some(6_250.0), Some(31_000.0)]);
    let footer = e.notes.iter().find(|n| n.contains("footer")).unwrap();
    assert!(footer.starts_with("5 footer lines"), "{footer}");
    assert!(footer.contains("row 6 \"Total $55,650.00\""), "{footer}");
    assert!(footer.contains("row 10 \"Redcliff Demo Org\""), "{footer}");
}

#[test]
fn a_bad_last_row_is_still_a_problem() {
    let text = "id,owner,created,closed,stage,amount\nA1,Ann,2024-01-05,2024-02-01,Won,1000\nA2,,2024-01-06,,,\n";
    let e = read_export(text, "t.csv", &Mapping::default(), None).unwrap();
    assert_eq!(
        problems_by_row(&e),
        [
            (3, ProblemKind::MissingOwner),
            (3, ProblemKind::UnknownStage)
        ]
    );
}

#[test]
fn old_mac_line_ends_keep_row_numbers() {
    let text = "id,owner,created,closed,stage,amount\rA1,Ann,2024-01-05,2024-02-01,Won,1000\rA2,,2024-01-06,2024-02-01,Lost,5\r";
    let e = read_export(text, "mac.csv", &Mapping::default(), None).unwrap();
    assert_eq!(e.rows, 2);
    assert_eq!(e.opportunities[0].row, 2);
    assert_eq!(problems_by_row(&e), [(3, ProblemKind::MissingOwner)]);
}

#[test]
fn a_sep_line_for_excel_names_the_delimiter() {
    let text = "sep=;\nid;owner;created;closed;stage;amount\nA1;Ann;2024-01-05;2024-02-01;Won;1 000,50\nA2;;2024-01-06;2024-02-01;Lost;5\n";
    let e = read_export(text, "sep.csv", &Mapping::default(), None).unwrap();
    assert_eq!(e.rows, 2);
    assert_eq!(
        e.opportunities[0].row, 3,
        "the sep line is line 1, the header line 2"
    );
    assert_eq!(e.opportunities[0].amount, Some(1000.5));
    assert_eq!(problems_by_row(&e), [(4, ProblemKind::MissingOwner)]);
}

#[test]
fn an_unquoted_thousands_comma_is_a_long_row_not_a_wrong_amount() {
    let text = "id,owner,created,closed,stage,amount,,\nA1,Ann,2024-01-05,2024-02-01,Won,1,234.50,\nA2,Bo,2024-01-06,2024-02-01,Won,950,,\n";
    let e = read_export(text, "long.csv", &Mapping::default(), None).unwrap();
    assert_eq!(problems_by_row(&e), [(2, ProblemKind::LongRow)]);
    assert!(
        e.problems[0].detail.contains("not quoted"),
        "{}",
        e.problems[0]
    );
    assert_eq!(e.opportunities.len(), 1);
    assert_eq!(e.opportunities[0].amount, Some(950.0));
}

#[test]
fn amounts_and_dates_as_analysts_paste_them() {
    let us = "id,owner,created,closed,stage,amount\n\
        1,Ann,3/14/24 2:05 PM,4/1/24 11:59 PM,Won,\"$1,234.50\"\n\
        2,Ann,3/1/24,3/20/24,Won,USD 1234.50\n\
        3,Ann,3/1/24,3/20/24,Lost,(500)\n\
        4,Ann,2024-03-14T23:30:00-05:00,2024-03-15T00:10:00Z,Won,\"$ 2,000\"\n";
    let e = read_export(us, "us.csv", &Mapping::default(), None).unwrap();
    assert_eq!(e.date_format.0, DateFormat::Mdy);
    assert_eq!(
        problems_by_row(&e),
        [(4, ProblemKind::NegativeAmount)],
        "$ and USD are one currency"
    );
    let o = &e.opportunities;
    assert_eq!(o[0].created, Some(day(2024, 3, 14)));
    assert_eq!(o[0].closed, Some(day(2024, 4, 1)));
    assert_eq!(o[0].amount, Some(1_234.5));
    assert_eq!(o[1].amount, Some(1_234.5));
    assert_eq!(o[2].created, Some(day(2024, 3, 14)));
    assert_eq!(o[2].amount, Some(2_000.0));

    let eu = "id;owner;created;closed;stage;amount\n\
        1;Ann;14-03-2024;2024/03/20;Won;1.234,50 €\n\
        2;Ann;14.3.24 10:22;20.3.24;Won;€ 99,5\n\
        3;Ann;1.3.2024;2.3.2024;won;0,00\n\
        4;Ann;1.3.2024;2.3.2024;Closed Won;\u{2212}500\n";
    let e = read_export(eu, "eu.csv", &Mapping::default(), None).unwrap();
    assert_eq!(e.date_format.0, DateFormat::Dmy);
    let amounts: Vec<Option<f64>> = e.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(amounts, [Some(1_234.5), Some(99.5)]);
    assert_eq!(e.opportunities[0].closed, Some(day(2024, 3, 20)));
    assert_eq!(e.opportunities[1].created, Some(day(2024, 3, 14)));
    assert_eq!(
        problems_by_row(&e),
        [
            (4, ProblemKind::WonWithoutAmount),
            (5, ProblemKind::NegativeAmount)
        ]
    );
}

mod random_input {
    use proptest::prelude::*;
    use spmsim::crm::{Mapping, read_export};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&bytes);
            let _ = read_export(&text, "random.csv", &Mapping::default(), None);
        }

        #[test]
        fn csv_ish_text_never_panics(
            cells in proptest::collection::vec(
                "(|Total|Won|Lost|Open|Ann|\"a;b\"|\"x\ny\"|12 000,5|\\$1,234.50|\\(500\\)|1.234,50 €|3/4/24|13.02.2024|2024-02-30|2024-01-05T10:00:00\\+01:00|1/9/2024 10:22 AM|99999|[0-9.,/ -]{0,8})",
                0..60,
            ),
            seps in proptest::collection::vec("(,|;|\t|\n|\r\n)", 60),
        ) {
            let mut text = String::from("\u{feff}id,owner,created,closed,stage,amount,currency\n");
            for (cell, sep) in cells.iter().zip(&seps) {
                text.push_str(cell);
                text.push_str(sep);
            }
            if let Ok(e) = read_export(&text, "random.csv", &Mapping::default(), None) {
                // Nothing is dropped silently: every row is an opportunity or has a problem.
                prop_assert!(e.opportunities.len() + e.rows_with_problems() == e.rows);
            }
        }
    }
}

#[test]
fn stage_labels_with_won_or_lost_as_a_word_are_read_by_the_word_rule() {
    let text = "id,owner,created,closed,stage,amount\n\
        1,Ann,2024-01-02,2024-02-01,Closed Won (Enterprise),100\n\
        2,Ann,2024-01-03,2024-02-02,Won - Renewal,200\n\
        3,Bo,2024-01-04,2024-02-03,Closed Lost – no budget,0\n\
        4,Bo,2024-01-05,2024-02-04,Vunnen,300\n\
        5,Bo,2024-01-06,2024-02-05,Förlorad - pris,0\n\
        6,Bo,2024-01-07,,Won or Lost review,50\n\
        7,Bo,2024-01-08,,Wonderful pipeline,50\n";
    let e = read_export(text, "x.csv", &Mapping::default(), None).unwrap();
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    let outcome = |id: &str| e.opportunities.iter().find(|o| o.id == id).unwrap().outcome;
    assert_eq!(outcome("1"), Outcome::Won);
    assert_eq!(outcome("2"), Outcome::Won);
    assert_eq!(outcome("3"), Outcome::Lost);
    assert_eq!(outcome("4"), Outcome::Won, "an exact common label");
    assert_eq!(outcome("5"), Outcome::Lost);
    assert_eq!(outcome("6"), Outcome::Open, "both words: not decided");
    assert_eq!(outcome("7"), Outcome::Open, "a whole word only");
    let note = e
        .notes
        .iter()
        .find(|n| n.contains("word rule"))
        .unwrap_or_else(|| panic!("{:?}", e.notes));
    assert!(
        note.contains("\"Closed Won (Enterprise)\" → won (1)"),
        "{note}"
    );
    assert!(note.contains("\"Förlorad - pris\" → lost (1)"), "{note}");
    assert!(
        !note.contains("Vunnen"),
        "exact labels are not assumptions: {note}"
    );
    // A mapping that lists a label as open wins over the rule.
    let map = Mapping::from_toml(
        "[stages]\nopen = [\"Won - Renewal\", \"Won or Lost review\", \"Wonderful pipeline\"]\n",
        "map.toml",
    )
    .unwrap();
    let e = read_export(text, "x.csv", &map, None).unwrap();
    let renewal = e.opportunities.iter().find(|o| o.id == "2").unwrap();
    assert_eq!(renewal.outcome, Outcome::Open);
}

#[test]
fn dates_that_name_their_month_in_english_or_swedish() {
    let text = "id,owner,created,closed,stage,amount\n\
        1,Ann,14-Mar-2024,2 Apr 2024,Won,100\n\
        2,Ann,\"Mar 14, 2024\",14 mars 2024,Lost,0\n\
        3,Bo,3 maj 2024,1 okt 2024,Won,5\n\
        4,Bo,5 May 2024 10:23,\"December 1, 2024\",Won,5\n";
    let e = read_export(text, "x.csv", &Mapping::default(), None).unwrap();
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    let o = |id: &str| e.opportunities.iter().find(|o| o.id == id).unwrap();
    assert_eq!(o("1").created, Some(day(2024, 3, 14)));
    assert_eq!(o("1").closed, Some(day(2024, 4, 2)));
    assert_eq!(o("2").created, Some(day(2024, 3, 14)));
    assert_eq!(o("2").closed, Some(day(2024, 3, 14)));
    assert_eq!(o("3").created, Some(day(2024, 5, 3)));
    assert_eq!(o("3").closed, Some(day(2024, 10, 1)));
    assert_eq!(o("4").created, Some(day(2024, 5, 5)));
    assert_eq!(o("4").closed, Some(day(2024, 12, 1)));
}

#[test]
fn two_digit_years_are_settled_from_evidence_or_refused_with_the_row() {
    let head = "id,owner,created,closed,stage,amount\n";
    let created = |e: &spmsim::crm::Export| e.opportunities[0].created;
    // yy-mm-dd: read day-first the years would run 2003–2028.
    let ymd = format!("{head}1,Ann,24-03-03,24-04-28,Won,1\n2,Bo,24-05-06,,Open,1\n");
    let e = read_export(&ymd, "x.csv", &Mapping::default(), None).unwrap();
    assert_eq!(e.date_format.0, DateFormat::ShortYmd, "{}", e.date_format.1);
    assert!(e.date_format.1.contains("row 2"), "{}", e.date_format.1);
    assert_eq!(created(&e), Some(day(2024, 3, 3)));
    // dd-mm-yy: read year first the years would run 2003–2028.
    let dmy = format!("{head}1,Ann,03-03-24,28-04-24,Won,1\n2,Bo,06-05-24,,Open,1\n");
    let e = read_export(&dmy, "x.csv", &Mapping::default(), None).unwrap();
    assert_eq!(e.date_format.0, DateFormat::Dmy, "{}", e.date_format.1);
    assert_eq!(created(&e), Some(day(2024, 3, 3)));
    // mm/dd/yy: a second field above 12 rules out both other orders.
    let mdy = format!("{head}1,Ann,03/04/24,04/28/24,Won,1\n");
    let e = read_export(&mdy, "x.csv", &Mapping::default(), None).unwrap();
    assert_eq!(e.date_format.0, DateFormat::Mdy, "{}", e.date_format.1);
    assert_eq!(created(&e), Some(day(2024, 3, 4)));
    // Nothing decides: refused, naming the row and every reading.
    let amb = format!("{head}1,Ann,05-05-05,,Open,1\n2,Bo,10-11-12,,Open,1\n");
    let err = read_export(&amb, "x.csv", &Mapping::default(), None).unwrap_err();
    assert!(
        matches!(err, ReadError::AmbiguousDates { row: 3, .. }),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains("2012-10-11 (US m/d/Y)"), "{msg}");
    assert!(msg.contains("2012-11-10 (European d/m/Y)"), "{msg}");
    assert!(msg.contains("2010-11-12 (year first y-m-d)"), "{msg}");
    let map = Mapping::from_toml("[dates]\nformat = \"yy-mm-dd\"\n", "map.toml").unwrap();
    let e = read_export(&amb, "x.csv", &map, None).unwrap();
    assert_eq!(e.opportunities[1].created, Some(day(2010, 11, 12)));
}

#[test]
fn the_teams_file_leaves_out_its_footer() {
    let teams_text = "Owner,Team\nAnn,Syd\nBo,Norr\nTotal,2\n\"Generated By: Admin\"\n";
    let teams = Teams::from_csv(teams_text, "teams.csv").unwrap();
    assert_eq!(teams.of_owner.len(), 2, "{:?}", teams.of_owner);
    assert!(!teams.of_owner.contains_key("Total"));
    assert_eq!(teams.footer.len(), 2);
    let text = "id,owner,created,closed,stage,amount\n1,Ann,2024-01-02,2024-02-01,Won,100\n";
    let e = read_export(text, "x.csv", &Mapping::default(), Some(&teams)).unwrap();
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("teams file") && n.contains("row 4 \"Total 2\"")),
        "{:?}",
        e.notes
    );
}
