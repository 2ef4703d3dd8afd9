//! Distinctive terms of a group of documents: Monroe, Colaresi & Quinn's log-odds ratio with
//! an informative Dirichlet prior ("Fightin' Words", 2008, eq. 16-22) and BERTopic's
//! class-based TF-IDF.
//!
//! Both work on term counts; the z-scores of the log-odds ratio say how sure a difference is
//! (a rare term used twice is not as telling as a common one used a hundred times), while
//! c-TF-IDF ranks the terms that dominate a class.

use ndarray::{Array1, Array2, ArrayView1, ArrayViewMut1, Axis, Zip};
use rayon::prelude::*;

use crate::articles::dates::is_calendar_word;
use crate::error::{Error, Result};
use crate::vectorize::csr::CsrMatrix;

/// Whether a term (a surface word, lowercase) is a date or time rather than a word of
/// substance: a weekday or month name, a bare number ("240,000", "3.5", "2015"), a numeric
/// date ("2015-03-04"), a day's ordinal ("21st") or a clock time ("p.m.", "7pm", "9.30am").
/// Term lists leave these out by default: every article of a story dates and times it, each
/// in its own way, and the differences say nothing.
///
/// ```
/// use storylens::compare::terms::is_date_term;
///
/// assert!(is_date_term("tuesday") && is_date_term("240,000") && is_date_term("2015-03-04"));
/// assert!(is_date_term("21st") && is_date_term("p.m.") && is_date_term("9.30am"));
/// assert!(!is_date_term("1990s") && !is_date_term("4.5bn") && !is_date_term("covid-19"));
/// ```
pub fn is_date_term(term: &str) -> bool {
    if is_calendar_word(term) || is_clock_marker(term) {
        return true;
    }
    let digits = term.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let is_numeric = |text: &str| {
        text.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'/' | b':'))
    };
    let rest = &term[digits..];
    if is_numeric(term) || matches!(rest, "st" | "nd" | "rd" | "th") {
        return true;
    }
    // A clock time written as one token: "7pm", "9.30am", "10:15p.m.".
    let time_end = term
        .bytes()
        .position(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b':')))
        .unwrap_or(term.len());
    let marker = &term[time_end..];
    is_clock_marker(marker) || matches!(marker, "am" | "pm")
}

/// The English marks of a clock time: "a.m." and "p.m." (a sentence's full stop can take the
/// last dot). Bare "am" and "pm" count only after a number ("7pm"): alone they are also a
/// verb and the prime minister.
fn is_clock_marker(word: &str) -> bool {
    matches!(word, "a.m." | "p.m." | "a.m" | "p.m")
}

/// Checks that every value of `values` is finite and not negative (counts and priors).
fn check_non_negative(name: &str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite() || *v < 0.0) {
        Some(at) => Err(Error::parameter(
            name,
            format!(
                "entry {at} is {}; expected finite, non-negative values",
                values[at]
            ),
        )),
        None => Ok(()),
    }
}

fn check_prior(prior: &[f64]) -> Result<()> {
    match prior.iter().position(|v| !v.is_finite() || *v <= 0.0) {
        Some(at) => Err(Error::parameter(
            "prior",
            format!(
                "entry {at} is {}; every term needs a finite, positive pseudo-count",
                prior[at]
            ),
        )),
        None => Ok(()),
    }
}

/// Strength of the informative Dirichlet prior: its total pseudo-count as a multiple of the
/// mean document's count of words (Monroe et al. scale the background counts this way).
pub const PRIOR_SCALE: f64 = 1.0;

/// Added to every background count, so that a term the background never uses still gets a
/// positive pseudo-count.
const BACKGROUND_SMOOTHING: f64 = 0.01;

/// numpy's sum of a float64 array (pairwise, in blocks of 8 lanes up to 128 values), so that
/// the prior has the very bits of the same formula written in numpy.
fn numpy_sum(values: &[f64]) -> f64 {
    const LANES: usize = 8;
    const BLOCK: usize = 128;
    let n = values.len();
    if n < LANES {
        return values.iter().fold(-0.0, |sum, &v| sum + v);
    }
    if n <= BLOCK {
        let mut lanes = [0.0; LANES];
        lanes.copy_from_slice(&values[..LANES]);
        let whole = n - n % LANES;
        for chunk in values[LANES..whole].chunks_exact(LANES) {
            for (lane, &v) in lanes.iter_mut().zip(chunk) {
                *lane += v;
            }
        }
        let head = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3]))
            + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
        return values[whole..].iter().fold(head, |sum, &v| sum + v);
    }
    let half = n / 2;
    let half = half - half % LANES;
    numpy_sum(&values[..half]) + numpy_sum(&values[half..])
}

/// The informative Dirichlet prior of the log-odds ratio: the background's term counts (the
/// set's own, `counts` summed by column, when there is no background) plus 0.01, scaled to a
/// total of [`PRIOR_SCALE`] times the mean row's count of words.
///
/// ```
/// use storylens::compare::terms::informative_prior;
/// use storylens::vectorize::csr::CsrMatrix;
///
/// let mut counts = CsrMatrix::with_columns(2);
/// counts.push_row([(0, 1.0), (1, 1.0)]);
/// counts.push_row([(0, 2.0)]);
/// let prior = informative_prior(&counts, None).unwrap();
/// assert!((prior[0] - 1.498).abs() < 1e-3 && (prior[1] - 0.502).abs() < 1e-3);
/// assert!(informative_prior(&counts, Some(&[1.0])).is_err());
/// ```
pub fn informative_prior(
    counts: &CsrMatrix<f64>,
    background: Option<&[f64]>,
) -> Result<Array1<f64>> {
    check_non_negative("counts", &counts.data)?;
    let mut base: Vec<f64> = match background {
        Some(background) => {
            if background.len() != counts.n_cols {
                return Err(Error::ShapeMismatch(format!(
                    "the background has {} terms but the counts have {} columns",
                    background.len(),
                    counts.n_cols
                )));
            }
            check_non_negative("background", background)?;
            background.to_vec()
        }
        None => {
            // Row by row, as scipy sums a matrix's columns.
            let mut totals = vec![0.0; counts.n_cols];
            for row in 0..counts.n_rows {
                let (columns, values) = counts.row(row);
                for (&column, &value) in columns.iter().zip(values) {
                    totals[column as usize] += value;
                }
            }
            totals
        }
    };
    for b in &mut base {
        *b += BACKGROUND_SMOOTHING;
    }
    let mean_words = numpy_sum(&counts.data) / counts.n_rows.max(1) as f64;
    let scale = mean_words * PRIOR_SCALE;
    let total = numpy_sum(&base);
    Ok(base.iter().map(|b| b / total * scale).collect())
}

/// Sums of one comparison, computed once (the per-group loop shares alpha_0).
struct Totals {
    n_i: f64,
    n_j: f64,
    alpha_0: f64,
}

/// The log-odds ratio delta and its z-score for one pair of count vectors.
fn log_odds_with_totals(
    counts_i: ArrayView1<'_, f64>,
    counts_j: ArrayView1<'_, f64>,
    prior: ArrayView1<'_, f64>,
    totals: Totals,
    delta: ArrayViewMut1<'_, f64>,
    z: ArrayViewMut1<'_, f64>,
) {
    let Totals { n_i, n_j, alpha_0 } = totals;
    Zip::from(delta)
        .and(z)
        .and(counts_i)
        .and(counts_j)
        .and(prior)
        .for_each(|delta, z, &yi, &yj, &a| {
            let odds_i = (yi + a) / (n_i + alpha_0 - yi - a);
            let odds_j = (yj + a) / (n_j + alpha_0 - yj - a);
            let d = odds_i.ln() - odds_j.ln();
            let variance = 1.0 / (yi + a) + 1.0 / (yj + a);
            *delta = d;
            *z = d / variance.sqrt();
        });
}

/// The log-odds ratio of every term between `counts_i` and `counts_j` with the informative
/// Dirichlet prior `prior` (the pseudo-counts alpha_w, usually prior_scale times the term's
/// background frequency): `(delta, z)`, each of length V.
///
/// Positive values mark terms of group i. The prior must be positive for every term, and
/// there must be at least two terms (with one, the odds of the only term are undefined).
///
/// ```
/// use storylens::compare::terms::log_odds_z;
///
/// let (delta, z) = log_odds_z(&[5.0, 1.0], &[1.0, 5.0], &[0.5, 0.5]).unwrap();
/// assert!(delta[0] > 0.0 && z[0] > 0.0 && delta[1] < 0.0);
/// assert!(log_odds_z(&[1.0, 2.0], &[1.0], &[1.0, 1.0]).is_err());
/// ```
pub fn log_odds_z(
    counts_i: &[f64],
    counts_j: &[f64],
    prior: &[f64],
) -> Result<(Array1<f64>, Array1<f64>)> {
    let v = prior.len();
    if counts_i.len() != v || counts_j.len() != v {
        return Err(Error::ShapeMismatch(format!(
            "counts_i has {} terms, counts_j {} and prior {}; all three must have the same length",
            counts_i.len(),
            counts_j.len(),
            v
        )));
    }
    if v < 2 {
        return Err(Error::parameter(
            "prior",
            "the log-odds ratio needs at least two terms",
        ));
    }
    check_non_negative("counts_i", counts_i)?;
    check_non_negative("counts_j", counts_j)?;
    check_prior(prior)?;
    let (mut delta, mut z) = (Array1::zeros(v), Array1::zeros(v));
    log_odds_with_totals(
        ArrayView1::from(counts_i),
        ArrayView1::from(counts_j),
        ArrayView1::from(prior),
        Totals {
            n_i: counts_i.iter().sum(),
            n_j: counts_j.iter().sum(),
            alpha_0: prior.iter().sum(),
        },
        delta.view_mut(),
        z.view_mut(),
    );
    Ok((delta, z))
}

/// Checks a count matrix and its group labels, then sums the counts of each group: a dense
/// `n_groups x V` matrix.
fn group_totals(counts: &CsrMatrix<f64>, groups: &[i64], n_groups: usize) -> Result<Array2<f64>> {
    if groups.len() != counts.n_rows {
        return Err(Error::ShapeMismatch(format!(
            "groups has {} entries for {} documents",
            groups.len(),
            counts.n_rows
        )));
    }
    if n_groups == 0 {
        return Err(Error::parameter("n_groups", "must be at least 1"));
    }
    if let Some(at) = groups
        .iter()
        .position(|&g| g < 0 || g as u64 >= n_groups as u64)
    {
        return Err(Error::parameter(
            "groups",
            format!(
                "document {at} has group {}; expected 0 <= group < n_groups = {n_groups}",
                groups[at]
            ),
        ));
    }
    check_non_negative("counts", &counts.data)?;
    let mut totals = Array2::zeros((n_groups, counts.n_cols));
    for (row, &group) in groups.iter().enumerate() {
        let (columns, values) = counts.row(row);
        let mut target = totals.row_mut(group as usize);
        for (&column, &value) in columns.iter().zip(values) {
            target[column as usize] += value;
        }
    }
    Ok(totals)
}

/// Each group against all other documents: `(delta, z)`, each `n_groups x V`.
///
/// `counts` is a documents x terms count matrix and `groups[d]` the group of document d
/// (0 <= group < n_groups). Groups run in parallel (in the caller's rayon pool); each row of
/// the result depends on its group only, so the thread count never changes it.
///
/// ```
/// use storylens::compare::terms::group_log_odds;
/// use storylens::vectorize::csr::CsrMatrix;
///
/// let mut counts = CsrMatrix::with_columns(2);
/// counts.push_row([(0, 4.0)]);
/// counts.push_row([(1, 4.0)]);
/// let (delta, z) = group_log_odds(&counts, &[0, 1], 2, &[0.5, 0.5]).unwrap();
/// assert_eq!(delta.dim(), (2, 2));
/// assert!(delta[[0, 0]] > 0.0 && z[[1, 1]] > 0.0 && delta[[0, 1]] < 0.0);
/// ```
pub fn group_log_odds(
    counts: &CsrMatrix<f64>,
    groups: &[i64],
    n_groups: usize,
    prior: &[f64],
) -> Result<(Array2<f64>, Array2<f64>)> {
    let v = counts.n_cols;
    if prior.len() != v {
        return Err(Error::ShapeMismatch(format!(
            "prior has {} terms but the counts have {v} columns",
            prior.len()
        )));
    }
    if v < 2 {
        return Err(Error::parameter(
            "prior",
            "the log-odds ratio needs at least two terms",
        ));
    }
    check_prior(prior)?;
    let totals = group_totals(counts, groups, n_groups)?;
    // Summed group by group in order, so every term's total is the same bits on any pool.
    let mut all = Array1::zeros(v);
    for row in totals.rows() {
        all += &row;
    }
    let n_all: f64 = all.iter().sum();
    let alpha_0: f64 = prior.iter().sum();
    let prior = ArrayView1::from(prior);
    let mut delta = Array2::zeros((n_groups, v));
    let mut z = Array2::zeros((n_groups, v));
    delta
        .axis_iter_mut(Axis(0))
        .into_par_iter()
        .zip(z.axis_iter_mut(Axis(0)))
        .zip(totals.axis_iter(Axis(0)))
        .for_each(|((delta, z), counts_i)| {
            let counts_j = &all - &counts_i;
            let n_i: f64 = counts_i.iter().sum();
            log_odds_with_totals(
                counts_i,
                counts_j.view(),
                prior,
                Totals {
                    n_i,
                    n_j: n_all - n_i,
                    alpha_0,
                },
                delta,
                z,
            );
        });
    Ok((delta, z))
}

/// BERTopic's class-based TF-IDF (`ClassTfidfTransformer` with its defaults): the counts of
/// each class are summed and L1-normalised, then weighted by idf_t = ln(1 + A / f_t), where A
/// is the average number of words per class (truncated to an integer, as BERTopic does) and
/// f_t the term's frequency over all classes. Returns `n_groups x V`; a term that never
/// occurs scores 0 (BERTopic's sparse product stores nothing there).
///
/// ```
/// use storylens::compare::terms::class_tfidf;
/// use storylens::vectorize::csr::CsrMatrix;
///
/// let mut counts = CsrMatrix::with_columns(3);
/// counts.push_row([(0, 3.0), (2, 1.0)]);
/// counts.push_row([(1, 2.0), (2, 1.0)]);
/// let scores = class_tfidf(&counts, &[0, 1], 2).unwrap();
/// assert_eq!(scores.dim(), (2, 3));
/// assert!(scores[[0, 0]] > scores[[0, 2]] && scores[[0, 1]] == 0.0);
/// ```
pub fn class_tfidf(
    counts: &CsrMatrix<f64>,
    groups: &[i64],
    n_groups: usize,
) -> Result<Array2<f64>> {
    let mut totals = group_totals(counts, groups, n_groups)?;
    let mut frequency = Array1::<f64>::zeros(counts.n_cols);
    let mut class_sizes = Vec::with_capacity(n_groups);
    for row in totals.rows() {
        frequency += &row;
        class_sizes.push(row.iter().sum::<f64>());
    }
    let average = (class_sizes.iter().sum::<f64>() / n_groups as f64).trunc();
    let idf = frequency.mapv(|f| {
        if f > 0.0 {
            (average / f + 1.0).ln()
        } else {
            0.0
        }
    });
    totals
        .axis_iter_mut(Axis(0))
        .into_par_iter()
        .zip(class_sizes.par_iter())
        .for_each(|(mut row, &size)| {
            if size > 0.0 {
                Zip::from(&mut row)
                    .and(&idf)
                    .for_each(|value, &weight| *value = *value / size * weight);
            }
        });
    Ok(totals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[f64]]) -> CsrMatrix<f64> {
        let mut m = CsrMatrix::with_columns(rows[0].len());
        for row in rows {
            m.push_row(
                row.iter()
                    .enumerate()
                    .filter(|(_, v)| **v != 0.0)
                    .map(|(c, v)| (c as u32, *v)),
            );
        }
        m
    }

    #[test]
    fn clock_times_are_date_terms_but_words_around_them_are_not() {
        for time in ["a.m.", "p.m.", "p.m", "7pm", "9.30am", "10:15p.m.", "11am"] {
            assert!(is_date_term(time), "{time}");
        }
        for word in ["pm", "am", "amsterdam", "pmt", "3d", "4.5bn", "g7", "m4"] {
            assert!(!is_date_term(word), "{word}");
        }
    }

    #[test]
    fn log_odds_follows_the_formula() {
        let (yi, yj, a) = ([5.0, 0.0, 3.0], [1.0, 4.0, 3.0], [0.5, 0.25, 0.25]);
        let (delta, z) = log_odds_z(&yi, &yj, &a).unwrap();
        let (ni, nj, a0) = (8.0, 8.0, 1.0);
        let expected =
            ((5.0 + 0.5) / (ni + a0 - 5.5f64)).ln() - ((1.0 + 0.5) / (nj + a0 - 1.5f64)).ln();
        assert!((delta[0] - expected).abs() < 1e-12);
        let sigma = (1.0 / 5.5 + 1.0 / 1.5f64).sqrt();
        assert!((z[0] - expected / sigma).abs() < 1e-12);
        assert!(delta[1] < 0.0 && z[1] < 0.0);
        assert!(delta[2].abs() < 1e-12);
    }

    #[test]
    fn log_odds_rejects_bad_inputs() {
        assert!(log_odds_z(&[1.0, 2.0], &[1.0], &[1.0, 1.0]).is_err());
        assert!(log_odds_z(&[1.0, -2.0], &[1.0, 0.0], &[1.0, 1.0]).is_err());
        assert!(log_odds_z(&[1.0, 2.0], &[1.0, 0.0], &[1.0, 0.0]).is_err());
        assert!(log_odds_z(&[1.0], &[1.0], &[1.0]).is_err());
        assert!(log_odds_z(&[f64::NAN, 2.0], &[1.0, 0.0], &[1.0, 1.0]).is_err());
    }

    #[test]
    fn each_group_is_compared_with_the_rest() {
        let counts = matrix(&[&[2.0, 0.0, 1.0], &[0.0, 3.0, 1.0], &[1.0, 1.0, 0.0]]);
        let prior = [0.3, 0.3, 0.4];
        let (delta, z) = group_log_odds(&counts, &[0, 1, 0], 2, &prior).unwrap();
        let (d0, z0) = log_odds_z(&[3.0, 1.0, 1.0], &[0.0, 3.0, 1.0], &prior).unwrap();
        let (d1, z1) = log_odds_z(&[0.0, 3.0, 1.0], &[3.0, 1.0, 1.0], &prior).unwrap();
        assert_eq!(delta, ndarray::stack![Axis(0), d0, d1]);
        assert_eq!(z, ndarray::stack![Axis(0), z0, z1]);
        assert!(group_log_odds(&counts, &[0, 2, 0], 2, &prior).is_err());
        assert!(group_log_odds(&counts, &[0, 1], 2, &prior).is_err());
        assert!(group_log_odds(&counts, &[0, 1, 0], 2, &prior[..2]).is_err());
    }

    #[test]
    fn class_tfidf_matches_bertopic() {
        let counts = matrix(&[
            &[2.0, 0.0, 1.0, 0.0],
            &[0.0, 3.0, 1.0, 0.0],
            &[1.0, 1.0, 0.0, 0.0],
        ]);
        let out = class_tfidf(&counts, &[0, 1, 0], 2).unwrap();
        // Class 0: [3, 1, 1, 0], class 1: [0, 3, 1, 0]; A = int(9 / 2) = 4.
        let f = [3.0, 4.0, 2.0];
        let idf: Vec<f64> = f.iter().map(|f: &f64| (4.0 / f + 1.0).ln()).collect();
        let expected = ndarray::array![
            [
                3.0 / 5.0 * idf[0],
                1.0 / 5.0 * idf[1],
                1.0 / 5.0 * idf[2],
                0.0
            ],
            [0.0, 3.0 / 4.0 * idf[1], 1.0 / 4.0 * idf[2], 0.0],
        ];
        assert_eq!(out.dim(), expected.dim());
        for (a, b) in out.iter().zip(&expected) {
            assert!((a - b).abs() < 1e-12, "{out:?}");
        }
    }
}
