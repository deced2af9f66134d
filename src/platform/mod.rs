//! Everything that touches the browser. Kept thin: the logic lives in the pure modules.

pub mod bench;
pub mod compute;
pub mod compute_worker;
pub mod crash;
pub mod download;
pub mod echarts;
pub mod fetch;
pub mod file_chunks;
pub mod files;
pub mod first_view;
pub mod history;
pub mod import_helper;
pub mod import_worker;
pub mod importer;
pub mod js;
pub mod media;
pub mod perf;
pub mod pwa;
pub mod storage;
pub mod worker;
