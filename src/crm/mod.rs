//! A CRM export read into opportunities, checked row by row, and summarised as the observed
//! moments a calibration fits (docs/calibration.md).
//!
//! Every CRM (Salesforce, HubSpot, Dynamics, Pipedrive) exports opportunities as CSV, one row
//! per opportunity: who owns it, when it was created and closed, its stage and its amount. The
//! column names, stage labels, date and number formats differ between systems and countries;
//! [`mapping`] recognises the common ones and reads a mapping file for the rest, [`dates`] and
//! [`amounts`] settle the formats once per file, [`source`] splits the text into rows, [`read`] turns rows into [`Opportunity`]s and
//! [`Problem`]s (nothing is dropped without being counted), and [`moments`] computes, per
//! motion, what a calibration compares with the simulation.
//!
//! Layer: reads [`crate::scenario`] (motions, word suggestions) and [`crate::stats`]; no
//! simulation.

pub mod amounts;
pub mod dates;
mod lines;
pub mod mapping;
pub mod moments;
pub mod read;
pub mod source;
mod stages;
mod window;

use std::fmt;

pub use dates::{Date, DateFormat};
pub use mapping::Mapping;
pub use read::{Export, ReadError, Teams, read_export};
pub use source::decode;

use crate::scenario::Motion;

/// A field of an opportunity that a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The opportunity's id.
    Id,
    /// The rep who owns it.
    Owner,
    /// When it was created (or engaged).
    Created,
    /// When it was closed (empty while open).
    Closed,
    /// Its stage or outcome.
    Stage,
    /// Its amount (won value for won deals).
    Amount,
    /// The owner's team or manager.
    Team,
    /// The selling motion (traditional or complex).
    Motion,
    /// The discount given.
    Discount,
    /// Where the lead came from.
    Source,
    /// The product.
    Product,
    /// The currency of the amount.
    Currency,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 12] = [
        Field::Id,
        Field::Owner,
        Field::Created,
        Field::Closed,
        Field::Stage,
        Field::Amount,
        Field::Team,
        Field::Motion,
        Field::Discount,
        Field::Source,
        Field::Product,
        Field::Currency,
    ];

    /// Fields an export must have.
    pub const REQUIRED: [Field; 5] = [
        Field::Owner,
        Field::Created,
        Field::Closed,
        Field::Stage,
        Field::Amount,
    ];

    /// The name in mapping files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Owner => "owner",
            Field::Created => "created",
            Field::Closed => "closed",
            Field::Stage => "stage",
            Field::Amount => "amount",
            Field::Team => "team",
            Field::Motion => "motion",
            Field::Discount => "discount",
            Field::Source => "source",
            Field::Product => "product",
            Field::Currency => "currency",
        }
    }

    /// The field of a name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// How an opportunity ended, or that it has not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Won.
    Won,
    /// Lost (including disqualified or no decision, where the mapping says so).
    Lost,
    /// Still open at the export date.
    Open,
}

/// One opportunity of an export that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Opportunity {
    /// Line of the file it was read from (the header is line 1).
    pub row: usize,
    /// Its id (the row number where the export has no id column).
    pub id: String,
    /// The owner (rep).
    pub owner: String,
    /// The owner's team, from the export or the teams file.
    pub team: Option<String>,
    /// The motion, from the export's motion column.
    pub motion: Option<Motion>,
    /// When it was created; `None` for an open opportunity without one.
    pub created: Option<Date>,
    /// When it was closed; `None` while open.
    pub closed: Option<Date>,
    /// Won, lost or open.
    pub outcome: Outcome,
    /// The amount; `None` where the export leaves it empty on an open or lost deal.
    pub amount: Option<f64>,
    /// The stage label as written.
    pub stage: String,
    /// Discount in percent, where the export has it.
    pub discount: Option<f64>,
    /// Lead source, where the export has it.
    pub source: Option<String>,
    /// Product, where the export has it.
    pub product: Option<String>,
}

/// What is wrong with a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// The row has fewer fields than the header.
    ShortRow,
    /// The row has filled fields beyond the header's last column: usually a delimiter inside
    /// an unquoted value (`1,234.50` in a comma file), which shifts the fields after it.
    LongRow,
    /// The id was seen on an earlier row.
    DuplicateId,
    /// No owner.
    MissingOwner,
    /// No stage, or a stage the mapping does not list.
    UnknownStage,
    /// A date no detected format reads.
    BadDate,
    /// A closed opportunity without a close or created date.
    MissingDate,
    /// Closed before it was created.
    CloseBeforeCreate,
    /// An amount that is not a number.
    BadAmount,
    /// A negative amount.
    NegativeAmount,
    /// Won with an amount of zero or none.
    WonWithoutAmount,
    /// An amount in another currency than most rows.
    MixedCurrency,
    /// Created, or closed as won or lost, after the export date.
    AfterExport,
}

impl ProblemKind {
    /// Every kind, in report order.
    pub const ALL: [ProblemKind; 13] = [
        ProblemKind::ShortRow,
        ProblemKind::LongRow,
        ProblemKind::DuplicateId,
        ProblemKind::MissingOwner,
        ProblemKind::UnknownStage,
        ProblemKind::BadDate,
        ProblemKind::MissingDate,
        ProblemKind::CloseBeforeCreate,
        ProblemKind::BadAmount,
        ProblemKind::NegativeAmount,
        ProblemKind::WonWithoutAmount,
        ProblemKind::MixedCurrency,
        ProblemKind::AfterExport,
    ];

    /// A short name for tables and messages.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::ShortRow => "short row",
            ProblemKind::LongRow => "long row",
            ProblemKind::DuplicateId => "duplicate id",
            ProblemKind::MissingOwner => "missing owner",
            ProblemKind::UnknownStage => "unknown stage",
            ProblemKind::BadDate => "unreadable date",
            ProblemKind::MissingDate => "missing date",
            ProblemKind::CloseBeforeCreate => "closed before created",
            ProblemKind::BadAmount => "unreadable amount",
            ProblemKind::NegativeAmount => "negative amount",
            ProblemKind::WonWithoutAmount => "won without amount",
            ProblemKind::MixedCurrency => "other currency",
            ProblemKind::AfterExport => "after the export date",
        }
    }
}

/// A row that fails a check, with what is wrong in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Line of the file (the header is line 1).
    pub row: usize,
    /// The kind of problem.
    pub kind: ProblemKind,
    /// What is wrong, naming the value ("close date 2017-01-03 is before created 2017-02-01").
    pub detail: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}: {}", self.row, self.kind.name(), self.detail)
    }
}
