//! An optional record of every opportunity of the horizon, as a CRM would hold it: who owned
//! it, when it entered the pipeline, when and how it closed, and its amount. Off by default
//! (the simulation holds `None` and every hook is one untaken branch on an event, never on a
//! rep-week); the engine switches it on for the baseline when a run exports its simulated
//! opportunities (`spmsim run --export-opportunities`) and when `spmsim calibrate` compares a
//! simulated baseline with a CRM export.

use std::collections::HashMap;

use crate::rng::{Key, Part};

/// How a recorded opportunity ended, or that it has not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordedOutcome {
    /// Still open at the end of the horizon.
    Open,
    /// Won (decided in the customer's favour).
    Won,
    /// Lost: at the decision, to a stall or competitor, or when its owner left.
    Lost,
}

/// One opportunity that entered the pipeline during the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedOpp {
    /// A stable number of the deal (a hash of its id).
    pub id: u64,
    /// The seat that owns it (at the close, or at the end of the horizon while open).
    pub seat: u64,
    /// The person in that seat (how many people had left the seat before).
    pub person: u32,
    /// The owner's team (index into the scenario's teams).
    pub team: usize,
    /// Week it entered the pipeline (0 = the switch).
    pub created: i32,
    /// Week it closed.
    pub closed: Option<i32>,
    /// Won, lost or open.
    pub outcome: RecordedOutcome,
    /// List value `V` (docs/model.md section 4.3).
    pub list_value: f64,
    /// What the customer pays for a won deal, `V (1 + u sigma)(1 - d)` (section 4.9); the
    /// list value for the others.
    pub amount: f64,
}

/// The opportunities of one simulation, in the order they entered the pipeline.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// The opportunities.
    pub opps: Vec<RecordedOpp>,
    index: HashMap<u64, usize>,
}

fn id_of(id_part: Part) -> u64 {
    Key::ZERO.with_part(id_part).value()
}

impl Recorder {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// A deal entered the pipeline.
    pub(super) fn created(
        &mut self,
        id_part: Part,
        seat: u64,
        person: u32,
        team: usize,
        w: i32,
        value: f64,
    ) {
        let id = id_of(id_part);
        self.index.insert(id, self.opps.len());
        self.opps.push(RecordedOpp {
            id,
            seat,
            person,
            team,
            created: w,
            closed: None,
            outcome: RecordedOutcome::Open,
            list_value: value,
            amount: value,
        });
    }

    fn get(&mut self, id_part: Part) -> Option<&mut RecordedOpp> {
        let i = *self.index.get(&id_of(id_part))?;
        self.opps.get_mut(i)
    }

    /// A deal closed in week `w` in seat `seat` (person `person`); `amount` is the price paid
    /// for a win. Deals that entered the pipeline before the horizon are not recorded.
    pub(super) fn closed(
        &mut self,
        id_part: Part,
        seat: u64,
        person: u32,
        team: usize,
        w: i32,
        won: Option<f64>,
    ) {
        if let Some(o) = self.get(id_part) {
            o.seat = seat;
            o.person = person;
            o.team = team;
            o.closed = Some(w);
            match won {
                Some(amount) => {
                    o.outcome = RecordedOutcome::Won;
                    o.amount = amount;
                }
                None => o.outcome = RecordedOutcome::Lost,
            }
        }
    }

    /// A deal still open at the end is held by seat `seat` (person `person`).
    pub(super) fn held(&mut self, id_part: Part, seat: u64, person: u32, team: usize) {
        if let Some(o) = self.get(id_part)
            && o.closed.is_none()
        {
            o.seat = seat;
            o.person = person;
            o.team = team;
        }
    }
}

impl<'s> super::TrialSim<'s> {
    /// Record every opportunity that enters the pipeline from now on (or stop, with `None`).
    pub fn set_recorder(&mut self, recorder: Option<Box<Recorder>>) {
        self.recorder = recorder;
    }

    /// The record so far, with each open deal's current owner; recording stops.
    pub fn take_recorder(&mut self) -> Option<Box<Recorder>> {
        let mut rec = self.recorder.take()?;
        for r in &self.reps {
            for o in r.opps.iter() {
                rec.held(o.id_part, r.seat, r.person, r.team);
            }
        }
        Some(rec)
    }
}
