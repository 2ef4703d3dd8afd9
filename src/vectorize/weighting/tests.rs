use proptest::prelude::*;

use super::*;

// Expected values below were produced by scikit-learn 1.9.1 / numpy 2.4.6 / scipy 1.17.1:
// TfidfTransformer(...).fit(X).transform(X).data and normalize(X, norm).data.

/// Counts of a 5 x 6 matrix: row 1 is empty, column 5 is never used.
const INDPTR: [i64; 6] = [0, 3, 3, 5, 10, 11];
const INDICES: [i64; 11] = [0, 2, 3, 1, 2, 0, 1, 2, 3, 4, 3];
const COUNTS: [f64; 11] = [1.0, 2.0, 3.0, 4.0, 1.0, 1.0, 1.0, 1.0, 1.0, 7.0, 5.0];
const N_SAMPLES: usize = 5;
const N_FEATURES: usize = 6;

/// `f64` results agree with numpy except where its `log` (Intel SVML on AVX-512 builds)
/// and the C library's differ in the last bit; allow a few ulp, far inside 1e-12.
fn assert_close_f64(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len());
    for (i, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        let same_special = a == e || (a.is_nan() && e.is_nan());
        let tolerance = 4.0 * f64::EPSILON * e.abs();
        assert!(
            same_special || (a - e).abs() <= tolerance,
            "value {i}: {a:e} != {e:e} in {actual:?}"
        );
    }
}

/// `f32` results agree bit for bit (numpy's f32 log kernel is reproduced exactly).
fn assert_same_f32(actual: &[f32], expected: &[f32]) {
    let bits = |values: &[f32]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(actual), bits(expected), "{actual:?} != {expected:?}");
}

fn indptr_i32() -> Vec<i32> {
    INDPTR.iter().map(|&p| p as i32).collect()
}

fn indices_i32() -> Vec<i32> {
    INDICES.iter().map(|&i| i as i32).collect()
}

fn counts_f32() -> Vec<f32> {
    COUNTS.iter().map(|&c| c as f32).collect()
}

#[test]
fn document_frequency_is_a_bincount_of_columns() {
    assert_eq!(
        document_frequency(&INDICES, N_FEATURES),
        vec![2, 2, 3, 3, 1, 0]
    );
    assert_eq!(
        document_frequency(&indices_i32(), 7),
        vec![2, 2, 3, 3, 1, 0, 0]
    );
    // Out-of-range columns (never in a valid matrix) are skipped rather than panicking.
    assert_eq!(document_frequency::<i32>(&[0, -1, 9, 1], 2), vec![1, 1]);
    assert!(document_frequency::<i64>(&[], 0).is_empty());
}

#[test]
fn idf_matches_tfidf_transformer_fit() {
    let df = document_frequency(&INDICES, N_FEATURES);
    assert_close_f64(
        &inverse_document_frequency::<f64>(&df, N_SAMPLES, true),
        &[
            1.6931471805599454,
            1.6931471805599454,
            1.4054651081081644,
            1.4054651081081644,
            2.09861228866811,
            2.791759469228055,
        ],
    );
    assert_close_f64(
        &inverse_document_frequency::<f64>(&df, N_SAMPLES, false),
        &[
            1.916290731874155,
            1.916290731874155,
            1.5108256237659907,
            1.5108256237659907,
            2.6094379124341005,
            f64::INFINITY,
        ],
    );
    assert_same_f32(
        &inverse_document_frequency::<f32>(&df, N_SAMPLES, true),
        &[
            1.6931472, 1.6931472, 1.4054651, 1.4054651, 2.0986123, 2.7917595,
        ],
    );
    assert_same_f32(
        &inverse_document_frequency::<f32>(&df, N_SAMPLES, false),
        &[
            1.9162908,
            1.9162908,
            1.5108256,
            1.5108256,
            2.609438,
            f32::INFINITY,
        ],
    );
    assert!(inverse_document_frequency::<f64>(&[], 0, true).is_empty());
}

/// Expected `.data` of TfidfTransformer(smooth_idf, sublinear_tf, norm) on the counts, f64.
fn expected_tfidf_f64(smooth: bool, sublinear: bool, norm: Option<Norm>) -> [f64; 11] {
    match (smooth, sublinear, norm) {
        (true, false, None) => [
            1.6931471805599454,
            2.8109302162163288,
            4.216395324324493,
            6.772588722239782,
            1.4054651081081644,
            1.6931471805599454,
            1.6931471805599454,
            1.4054651081081644,
            1.4054651081081644,
            14.69028602067677,
            7.027325540540822,
        ],
        (true, false, Some(Norm::L1)) => [
            0.19415772914042473,
            0.3223369083438301,
            0.4835053625157451,
            0.8281418614667683,
            0.17185813853323184,
            0.08106026673762709,
            0.08106026673762709,
            0.06728734386575799,
            0.06728734386575799,
            0.70330477879323,
            1.0,
        ],
        (true, false, Some(Norm::L2)) => [
            0.31689952054217957,
            0.5261104575101891,
            0.7891656862652836,
            0.9791386272424116,
            0.20319337745567798,
            0.11275410356238902,
            0.11275410356238902,
            0.09359609145174463,
            0.09359609145174463,
            0.9782906355422183,
            1.0,
        ],
        (true, true, None) => [
            1.6931471805599454,
            2.3796592851687173,
            2.9495263471700475,
            4.040347569516239,
            1.4054651081081644,
            1.6931471805599454,
            1.6931471805599454,
            1.4054651081081644,
            1.4054651081081644,
            6.182323240119584,
            3.667473937700736,
        ],
        (true, true, Some(Norm::L1)) => [
            0.24110893426326235,
            0.3388701943601603,
            0.4200208713765773,
            0.7419182055448035,
            0.25808179445519647,
            0.13676971126300105,
            0.13676971126300105,
            0.1135312152618681,
            0.1135312152618681,
            0.4993981469502616,
            1.0,
        ],
        (true, true, Some(Norm::L2)) => [
            0.4079075655026481,
            0.5732998506473175,
            0.7105903878138702,
            0.9444875973725771,
            0.32854707183199283,
            0.24462622953012322,
            0.24462622953012322,
            0.20306186850155797,
            0.20306186850155797,
            0.893223248003019,
            1.0,
        ],
        (false, false, None) => [
            1.916290731874155,
            3.0216512475319814,
            4.532476871297972,
            7.66516292749662,
            1.5108256237659907,
            1.916290731874155,
            1.916290731874155,
            1.5108256237659907,
            1.5108256237659907,
            18.266065387038704,
            7.554128118829953,
        ],
        (false, false, Some(Norm::L1)) => [
            0.20234487640762394,
            0.3190620494369504,
            0.47859307415542557,
            0.835350097122985,
            0.16464990287701503,
            0.07628455380481292,
            0.07628455380481292,
            0.06014361843369575,
            0.06014361843369575,
            0.7271436555229827,
            1.0,
        ],
        (false, false, Some(Norm::L2)) => [
            0.3318487781076867,
            0.5232667766338212,
            0.7849001649507318,
            0.9811234899843752,
            0.19338225720287702,
            0.10308619274390911,
            0.10308619274390911,
            0.08127433842027557,
            0.08127433842027557,
            0.9826166279683161,
            1.0,
        ],
        (false, true, None) => [
            1.916290731874155,
            2.558050145197108,
            3.170637220069971,
            4.572833767737605,
            1.5108256237659907,
            1.916290731874155,
            1.916290731874155,
            1.5108256237659907,
            1.5108256237659907,
            7.687169629569327,
            3.9424056617318746,
        ],
        (false, true, Some(Norm::L1)) => [
            0.2506600682859685,
            0.334605294180459,
            0.41473463753357254,
            0.7516584137047513,
            0.24834158629524875,
            0.13178170075735562,
            0.13178170075735562,
            0.10389820653829161,
            0.10389820653829161,
            0.5286401854087055,
            1.0,
        ],
        (false, true, Some(Norm::L2)) => [
            0.42564557090833804,
            0.5681928615287402,
            0.7042604064363529,
            0.9495179507517958,
            0.31371270487519365,
            0.22741849740850642,
            0.22741849740850642,
            0.1792993555143359,
            0.1792993555143359,
            0.912285665949653,
            1.0,
        ],
    }
}

/// As [`expected_tfidf_f64`], for float32 input.
fn expected_tfidf_f32(smooth: bool, sublinear: bool, norm: Option<Norm>) -> [f32; 11] {
    match (smooth, sublinear, norm) {
        (true, false, None) => [
            1.6931472, 2.8109303, 4.2163954, 6.7725887, 1.4054651, 1.6931472, 1.6931472, 1.4054651,
            1.4054651, 14.690287, 7.0273256,
        ],
        (true, false, Some(Norm::L1)) => [
            0.19415773, 0.3223369, 0.48350537, 0.82814187, 0.17185815, 0.08106027, 0.08106027,
            0.06728734, 0.06728734, 0.70330477, 1.0,
        ],
        (true, false, Some(Norm::L2)) => [
            0.3168995,
            0.5261105,
            0.7891657,
            0.9791386,
            0.20319338,
            0.1127541,
            0.1127541,
            0.093596086,
            0.093596086,
            0.9782906,
            1.0,
        ],
        (true, true, None) => [
            1.6931472, 2.3796594, 2.9495263, 4.0403476, 1.4054651, 1.6931472, 1.6931472, 1.4054651,
            1.4054651, 6.1823235, 3.667474,
        ],
        (true, true, Some(Norm::L1)) => [
            0.24110892, 0.3388702, 0.42002085, 0.7419182, 0.2580818, 0.13676971, 0.13676971,
            0.11353122, 0.11353122, 0.49939814, 1.0,
        ],
        (true, true, Some(Norm::L2)) => [
            0.40790758, 0.5732999, 0.71059036, 0.9444876, 0.32854706, 0.24462622, 0.24462622,
            0.20306186, 0.20306186, 0.8932233, 1.0,
        ],
        (false, false, None) => [
            1.9162908, 3.0216513, 4.532477, 7.665163, 1.5108256, 1.9162908, 1.9162908, 1.5108256,
            1.5108256, 18.266066, 7.554128,
        ],
        (false, false, Some(Norm::L1)) => [
            0.20234488, 0.31906205, 0.47859308, 0.8353501, 0.1646499, 0.07628456, 0.07628456,
            0.06014362, 0.06014362, 0.72714365, 1.0,
        ],
        (false, false, Some(Norm::L2)) => [
            0.33184877,
            0.5232668,
            0.7849002,
            0.9811235,
            0.19338226,
            0.103086196,
            0.103086196,
            0.08127434,
            0.08127434,
            0.98261666,
            1.0,
        ],
        (false, true, None) => [
            1.9162908, 2.5580502, 3.1706374, 4.572834, 1.5108256, 1.9162908, 1.9162908, 1.5108256,
            1.5108256, 7.68717, 3.9424057,
        ],
        (false, true, Some(Norm::L1)) => [
            0.25066006,
            0.33460528,
            0.41473466,
            0.75165844,
            0.24834158,
            0.1317817,
            0.1317817,
            0.103898205,
            0.103898205,
            0.5286402,
            1.0,
        ],
        (false, true, Some(Norm::L2)) => [
            0.42564556, 0.56819284, 0.7042604, 0.94951797, 0.3137127, 0.2274185, 0.2274185,
            0.17929935, 0.17929935, 0.9122857, 1.0,
        ],
    }
}

const NORMS: [Option<Norm>; 3] = [None, Some(Norm::L1), Some(Norm::L2)];

#[test]
fn tfidf_matches_tfidf_transformer_in_f64() {
    let df = document_frequency(&INDICES, N_FEATURES);
    for smooth in [true, false] {
        let idf = inverse_document_frequency::<f64>(&df, N_SAMPLES, smooth);
        for sublinear in [false, true] {
            for norm in NORMS {
                let mut data = COUNTS;
                apply_tfidf(&INDPTR, &INDICES, &mut data, Some(&idf), sublinear, norm, 1).unwrap();
                assert_close_f64(&data, &expected_tfidf_f64(smooth, sublinear, norm));
            }
        }
    }
}

#[test]
fn tfidf_matches_tfidf_transformer_in_f32() {
    let df = document_frequency(&indices_i32(), N_FEATURES);
    for smooth in [true, false] {
        let idf = inverse_document_frequency::<f32>(&df, N_SAMPLES, smooth);
        for sublinear in [false, true] {
            for norm in NORMS {
                let mut data = counts_f32();
                let (indptr, indices) = (indptr_i32(), indices_i32());
                apply_tfidf(&indptr, &indices, &mut data, Some(&idf), sublinear, norm, 2).unwrap();
                assert_same_f32(&data, &expected_tfidf_f32(smooth, sublinear, norm));
            }
        }
    }
}

#[test]
fn tf_without_idf_matches_use_idf_false() {
    let expected_f64 = |sublinear, norm| -> [f64; 11] {
        match (sublinear, norm) {
            (false, None) => COUNTS,
            (false, Some(Norm::L1)) => [
                0.16666666666666666,
                0.3333333333333333,
                0.5,
                0.8,
                0.2,
                0.09090909090909091,
                0.09090909090909091,
                0.09090909090909091,
                0.09090909090909091,
                0.6363636363636364,
                1.0,
            ],
            (false, Some(Norm::L2)) => [
                0.2672612419124244,
                0.5345224838248488,
                0.8017837257372732,
                0.9701425001453319,
                0.24253562503633297,
                0.13736056394868904,
                0.13736056394868904,
                0.13736056394868904,
                0.13736056394868904,
                0.9615239476408232,
                1.0,
            ],
            (true, None) => [
                1.0,
                1.6931471805599454,
                2.09861228866811,
                2.386294361119891,
                1.0,
                1.0,
                1.0,
                1.0,
                1.0,
                2.9459101490553135,
                2.6094379124341005,
            ],
            (true, Some(Norm::L1)) => [
                0.20869161034101288,
                0.3533456116554007,
                0.43796277800358646,
                0.7046919454251794,
                0.2953080545748206,
                0.143969613562595,
                0.143969613562595,
                0.143969613562595,
                0.143969613562595,
                0.4241215457496201,
                1.0,
            ],
            (true, Some(Norm::L2)) => [
                0.3477147117091919,
                0.5887321837696324,
                0.7297183669435993,
                0.92229140312174,
                0.38649523635839605,
                0.28084584602669627,
                0.28084584602669627,
                0.28084584602669627,
                0.28084584602669627,
                0.8273466281300703,
                1.0,
            ],
        }
    };
    let expected_f32 = |sublinear, norm| -> [f32; 11] {
        match (sublinear, norm) {
            (false, None) => [1.0, 2.0, 3.0, 4.0, 1.0, 1.0, 1.0, 1.0, 1.0, 7.0, 5.0],
            (false, Some(Norm::L1)) => [
                0.16666667, 0.33333334, 0.5, 0.8, 0.2, 0.09090909, 0.09090909, 0.09090909,
                0.09090909, 0.6363636, 1.0,
            ],
            (false, Some(Norm::L2)) => [
                0.26726124, 0.5345225, 0.80178374, 0.9701425, 0.24253562, 0.13736056, 0.13736056,
                0.13736056, 0.13736056, 0.96152395, 1.0,
            ],
            (true, None) => [
                1.0, 1.6931472, 2.0986123, 2.3862944, 1.0, 1.0, 1.0, 1.0, 1.0, 2.9459102, 2.609438,
            ],
            (true, Some(Norm::L1)) => [
                0.20869161, 0.3533456, 0.43796277, 0.70469195, 0.29530805, 0.14396961, 0.14396961,
                0.14396961, 0.14396961, 0.42412156, 1.0,
            ],
            (true, Some(Norm::L2)) => [
                0.3477147, 0.5887322, 0.7297184, 0.9222914, 0.38649523, 0.28084585, 0.28084585,
                0.28084585, 0.28084585, 0.8273466, 1.0,
            ],
        }
    };
    for sublinear in [false, true] {
        for norm in NORMS {
            let mut data = COUNTS;
            apply_tfidf(&INDPTR, &INDICES, &mut data, None, sublinear, norm, 1).unwrap();
            assert_close_f64(&data, &expected_f64(sublinear, norm));

            let mut data = counts_f32();
            apply_tfidf(&INDPTR, &INDICES, &mut data, None, sublinear, norm, 3).unwrap();
            assert_same_f32(&data, &expected_f32(sublinear, norm));
        }
    }
}

/// Rows: three values, one, a +/- pair, two explicit zeros, empty, three, tiny/huge, one.
const NORM_INDPTR: [i32; 9] = [0, 3, 4, 6, 8, 8, 11, 13, 14];
const NORM_VALUES: [f64; 14] = [
    0.1,
    -0.7,
    3.3,
    0.001,
    2.5,
    -2.5,
    0.0,
    0.0,
    7.77,
    0.3333333333333333,
    0.6666666666666666,
    10000000000.0,
    1e-10,
    5.0,
];

#[test]
fn normalize_matches_scikit_learn_in_f64() {
    let mut data = NORM_VALUES;
    normalize_rows(&NORM_INDPTR, &mut data, Norm::L1, 1);
    assert_close_f64(
        &data,
        &[
            0.02439024390243903,
            -0.17073170731707318,
            0.8048780487804879,
            1.0,
            0.5,
            -0.5,
            0.0,
            0.0,
            0.8859749144811858,
            0.03800836183960471,
            0.07601672367920942,
            1.0,
            1.0000000000000001e-20,
            1.0,
        ],
    );
    let mut data = NORM_VALUES;
    normalize_rows(&NORM_INDPTR, &mut data, Norm::L2, 4);
    assert_close_f64(
        &data,
        &[
            0.029630442547297995,
            -0.20741309783108594,
            0.9778046040608337,
            1.0,
            0.7071067811865475,
            -0.7071067811865475,
            0.0,
            0.0,
            0.9954304785119115,
            0.042704010232171234,
            0.08540802046434247,
            1.0,
            1.0000000000000001e-20,
            1.0,
        ],
    );
}

#[test]
fn normalize_matches_scikit_learn_in_f32() {
    // The norm is accumulated in double and each quotient rounded once to float; the
    // L2 squares are float products. Any other order changes the last bit here.
    let values: Vec<f32> = NORM_VALUES.iter().map(|&v| v as f32).collect();
    let indptr: Vec<i64> = NORM_INDPTR.iter().map(|&p| i64::from(p)).collect();
    let mut data = values.clone();
    normalize_rows(&indptr, &mut data, Norm::L1, 1);
    assert_same_f32(
        &data,
        &[
            0.024390245,
            -0.17073171,
            0.80487806,
            1.0,
            0.5,
            -0.5,
            0.0,
            0.0,
            0.8859749,
            0.038008362,
            0.076016724,
            1.0,
            1.00000005e-20,
            1.0,
        ],
    );
    let mut data = values;
    normalize_rows(&indptr, &mut data, Norm::L2, 1);
    assert_same_f32(
        &data,
        &[
            0.029630443,
            -0.2074131,
            0.9778046,
            1.0,
            0.70710677,
            -0.70710677,
            0.0,
            0.0,
            0.99543047,
            0.042704012,
            0.085408024,
            1.0,
            1e-20,
            1.0,
        ],
    );
}

#[test]
fn explicit_zeros_count_for_df_and_survive_normalisation() {
    // [[0 (explicit), ., .], [2, 1, .]]: scikit-learn counts the stored zero in df.
    let indptr = [0i64, 1, 3];
    let indices = [1i64, 0, 1];
    let df = document_frequency(&indices, 3);
    assert_eq!(df, vec![1, 2, 0]);
    let idf = inverse_document_frequency::<f64>(&df, 2, true);
    assert_close_f64(&idf, &[1.4054651081081644, 1.0, 2.09861228866811]);

    let mut data = [0.0, 2.0, 1.0];
    apply_tfidf(
        &indptr,
        &indices,
        &mut data,
        Some(&idf),
        false,
        Some(Norm::L2),
        1,
    )
    .unwrap();
    assert_close_f64(&data, &[0.0, 0.9421556246632359, 0.33517574332792605]);

    // ln(0) = -inf is kept without a norm ...
    let mut data = [0.0, 2.0, 1.0];
    apply_tfidf(&indptr, &indices, &mut data, Some(&idf), true, None, 1).unwrap();
    assert_close_f64(&data, &[f64::NEG_INFINITY, 2.3796592851687173, 1.0]);

    // ... and rejected by normalize, as scikit-learn's check_array does.
    let mut data = [0.0, 2.0, 1.0];
    let error = apply_tfidf(
        &indptr,
        &indices,
        &mut data,
        Some(&idf),
        true,
        Some(Norm::L2),
        1,
    )
    .unwrap_err();
    assert_eq!(
        error,
        Error::parameter(
            "X",
            "Input contains infinity or a value too large for dtype('float64')."
        )
    );
}

#[test]
fn unsmoothed_idf_of_an_unseen_column_is_infinite() {
    // Fit on [[1, 0]] without smoothing, transform [[1, 1]]: idf = [1, inf].
    let idf = inverse_document_frequency::<f64>(&[1, 0], 1, false);
    assert_eq!(idf, vec![1.0, f64::INFINITY]);
    let mut data = [1.0, 1.0];
    apply_tfidf(
        &[0i32, 2],
        &[0i32, 1],
        &mut data,
        Some(&idf),
        false,
        None,
        1,
    )
    .unwrap();
    assert_eq!(data, [1.0, f64::INFINITY]);
    let mut data = [1.0f64, 1.0];
    let result = apply_tfidf(
        &[0i32, 2],
        &[0, 1],
        &mut data,
        Some(&idf),
        false,
        Some(Norm::L1),
        1,
    );
    assert!(result.is_err());
}

#[test]
fn malformed_buffers_are_errors_not_panics() {
    let idf = [1.0f64; 3];
    let shape_error = |indptr: &[i32], indices: &[i32], data_len: usize| {
        let mut data = vec![1.0; data_len];
        let result = apply_tfidf(
            indptr,
            indices,
            &mut data,
            Some(&idf),
            true,
            Some(Norm::L2),
            2,
        );
        matches!(result, Err(Error::ShapeMismatch(_)))
    };
    assert!(shape_error(&[], &[], 0));
    assert!(shape_error(&[1, 1], &[0], 1));
    assert!(shape_error(&[0, 2, 1], &[0, 1], 2));
    assert!(shape_error(&[0, 1], &[0, 1], 2));
    assert!(shape_error(&[0, 3], &[0, 1, 2], 2));
    assert!(shape_error(&[0, 2], &[0, 3], 2));
    assert!(shape_error(&[0, 2], &[0, -1], 2));
    assert!(shape_error(&[0, -2], &[0, 1], 2));

    // Without idf the columns are not read, so their values are not checked.
    let mut data = [3.0, 4.0];
    apply_tfidf(
        &[0i64, 2],
        &[7, 9],
        &mut data,
        None,
        false,
        Some(Norm::L2),
        1,
    )
    .unwrap();
    assert_eq!(data, [0.6, 0.8]);

    let mut data = [3.0f32, 4.0];
    for indptr in [
        &[][..],
        &[0i32, 1][..],
        &[0, 3][..],
        &[1, 2][..],
        &[0, 2, 1][..],
    ] {
        assert!(matches!(
            try_normalize_rows(indptr, &mut data, Norm::L1, 1),
            Err(Error::ShapeMismatch(_))
        ));
        normalize_rows(indptr, &mut data, Norm::L1, 1);
        assert_eq!(data, [3.0, 4.0], "left untouched");
    }
}

#[test]
fn non_finite_input_is_rejected_before_any_write() {
    let mut data = [1.0f32, f32::NAN, f32::INFINITY];
    let error = apply_tfidf(&[0i32, 3], &[0, 1, 2], &mut data, None, true, None, 1).unwrap_err();
    assert_eq!(error, Error::parameter("X", "Input X contains NaN."));
    assert_eq!(data[0], 1.0);

    let mut data = [1.0f32, f32::NEG_INFINITY];
    let error = apply_tfidf(&[0i32, 2], &[0, 1], &mut data, None, false, None, 1).unwrap_err();
    assert_eq!(
        error,
        Error::parameter(
            "X",
            "Input X contains infinity or a value too large for dtype('float32')."
        )
    );
}

const N_COLUMNS: i64 = 97;

proptest! {
    // Each case holds some 60 000 values, enough to take the parallel path: few cases.
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn thread_count_does_not_change_any_bit(
        rows in prop::collection::vec(
            prop::collection::btree_map(0..N_COLUMNS, 1..=9u32, 0..50),
            2000..3000,
        ),
    ) {
        // Uneven row lengths, sorted distinct columns, counts 1 to 9.
        let mut indptr = vec![0i64];
        let mut indices = Vec::new();
        let mut counts = Vec::new();
        for row in &rows {
            for (&column, &count) in row {
                indices.push(column);
                counts.push(f64::from(count));
            }
            indptr.push(indices.len() as i64);
        }
        prop_assume!(counts.len() >= MIN_PARALLEL_VALUES);
        let df = document_frequency(&indices, N_COLUMNS as usize);
        let idf = inverse_document_frequency::<f64>(&df, indptr.len() - 1, true);

        let weigh = |threads| {
            let mut data = counts.clone();
            apply_tfidf(
                &indptr,
                &indices,
                &mut data,
                Some(&idf),
                true,
                Some(Norm::L2),
                threads,
            )
            .unwrap();
            data
        };
        let single = weigh(1);
        for threads in [2, 3, 8] {
            prop_assert_eq!(weigh(threads), single.clone());
        }

        // Every row agrees with normalising that row alone.
        let mut by_row = counts.clone();
        for (value, column) in by_row.iter_mut().zip(&indices) {
            *value = sublinear_tf_value(*value) * idf[*column as usize];
        }
        for row in indptr.windows(2) {
            normalize_row(&mut by_row[row[0] as usize..row[1] as usize], Norm::L2);
        }
        prop_assert_eq!(by_row, single);

        let mut parallel = counts.clone();
        normalize_rows(&indptr, &mut parallel, Norm::L1, 5);
        let mut serial = counts;
        normalize_rows(&indptr, &mut serial, Norm::L1, 1);
        prop_assert_eq!(parallel, serial);
    }
}

#[test]
fn f32_log_is_numpys_kernel() {
    // (input bits, np.log output bits); 7.0, 1/sqrt(2), 5/3 and 1.2 are cases where
    // numpy differs from a correctly rounded logf.
    let cases: [(u32, u32); 13] = [
        (0x4000_0000, 0x3f31_7218),
        (0x4040_0000, 0x3f8c_9f54),
        (0x40e0_0000, 0x3ff9_1396),
        (0x4120_0000, 0x4013_5d8e),
        (0x3fc0_0000, 0x3ecf_991f),
        (0x3f4c_cccd, 0xbe64_7fbd),
        (0x42c8_0000, 0x4093_5d8e),
        (0x4640_e400, 0x4116_bc71),
        (0x0001_16c2, 0xc2b8_34f2),
        (0x7f61_b1e6, 0x42b1_3196),
        (0x3f35_04f3, 0xbeb1_7218),
        (0x3fd5_5555, 0x3f02_c578),
        (0x3f99_999a, 0x3e3a_b284),
    ];
    for (input, output) in cases {
        let x = f32::from_bits(input);
        assert_eq!(numpy_log_f32(x).to_bits(), output, "log({x:e})");
        assert_eq!(Float::ln(x).to_bits(), output);
    }
    assert_eq!(numpy_log_f32(1.0), 0.0);
    assert_eq!(numpy_log_f32(0.0), f32::NEG_INFINITY);
    assert_eq!(numpy_log_f32(-0.0), f32::NEG_INFINITY);
    assert_eq!(numpy_log_f32(f32::INFINITY), f32::INFINITY);
    assert!(numpy_log_f32(-1.0).is_nan());
    assert!(numpy_log_f32(f32::NAN).is_nan());
    assert!(numpy_log_f32(f32::NEG_INFINITY).is_nan());
}

#[test]
fn sublinear_tf_is_log_plus_one() {
    assert_eq!(sublinear_tf_value(1.0f64), 1.0);
    assert_eq!(sublinear_tf_value(2.0f64), 2.0f64.ln() + 1.0);
    assert_eq!(
        sublinear_tf_value(7.0f32).to_bits(),
        (numpy_log_f32(7.0) + 1.0).to_bits()
    );
    assert_eq!(sublinear_tf_value(0.0f64), f64::NEG_INFINITY);
}
