//! The 2D product: test functions, their contour grid, optimizer step paths, the sweep over
//! learning rates and starts, and the colour map.
//!
//! * [`functions`]: the test functions, their gradients and metadata;
//! * [`formulas`], [`grid`], [`lanes`]: the formulas over four lanes, one row of the contour
//!   grid four cells at a time, and four configurations advanced together;
//! * [`trajectory`]: one optimizer's step path, its lr records and its TensorBoard log;
//! * [`sweep`]: the grid of (learning rate, start) runs;
//! * [`render`]: contour colours;
//! * [`python_sources`]: the functions as the Python that exported code and the reference
//!   recordings use.

pub mod formulas;
pub mod functions;
pub mod grid;
pub mod lanes;
pub mod python_sources;
pub mod render;
pub mod sweep;
pub mod trajectory;
