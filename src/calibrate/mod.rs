//! Calibration: the baseline made the user's company (docs/calibration.md). A CRM export,
//! read and summarised by [`crate::crm`], is compared with the simulated baseline's own
//! export ([`simulated`]); [`fit`] moves the parameters that the data identifies until the
//! simulated moments match the observed ones (method of simulated moments).
//!
//! Layer: above [`crate::engine`] (it runs recorded trials) and [`crate::crm`]; below the
//! command line.

pub mod actuals;
pub mod checks;
pub mod fit;
pub mod org;
pub mod simulated;
pub mod write;
