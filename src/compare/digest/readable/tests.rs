use super::*;

fn english() -> RuleWords {
    let set = |words: &[&str]| words.iter().map(|w| w.to_string()).collect();
    RuleWords {
        pronouns: set(&["he", "she", "they"]),
        first_person: set(&["i", "my", "we"]),
        stop_words: set(&["the", "and"]),
    }
}

#[test]
fn captions_questions_and_quotes_are_recognised() {
    let words = english();
    assert!(sentence_shape("Photo: Kai Umber / Meridian Press", &words).caption);
    assert!(sentence_shape("Residents queue for water on Friday", &words).caption);
    assert!(sentence_shape("- Regar el huerto solo al amanecer.", &words).caption);
    assert!(!sentence_shape("Residents queued for water, the mayor said.", &words).caption);
    assert!(sentence_shape("Où se tiendra le marché ?", &words).question);
    assert!(sentence_shape("“Nobody knows when.”", &words).bare_quote);
    assert!(!sentence_shape("“Nobody knows,” said Gina Ferrante.", &words).bare_quote);
}

#[test]
fn first_person_pronouns_and_cut_words_are_recognised() {
    let words = english();
    assert!(sentence_shape("I drove down with my father.", &words).first_person);
    assert!(!sentence_shape("“We left,” she said.", &words).first_person);
    assert!(sentence_shape("She was hoping for rain.", &words).opens_on_pronoun);
    assert!(!sentence_shape("Shelters opened at noon.", &words).opens_on_pronoun);
    assert!(sentence_shape("he tank at the plant split.", &words).starts_mid_word);
    assert!(!sentence_shape("iPhone sales fell.", &words).starts_mid_word);
}

#[test]
fn name_runs_give_surnames_and_single_names() {
    let shape = sentence_shape(
        "Mayor Dalia Morosan said Morosan, Vasko and the Lysa.",
        &english(),
    );
    assert_eq!(shape.introduces, vec!["Morosan"]);
    assert_eq!(shape.singles, vec!["Morosan", "Vasko", "Lysa"]);
}

#[test]
fn characters_outside_the_agreed_range_are_left_to_the_caller() {
    let words = english();
    assert!(sentence_shape("Élan and Ñoño said so.", &words).handled);
    assert!(!sentence_shape("Ǆemal said so.", &words).handled);
    assert!(!sentence_shape("The 2² case.", &words).handled);
    assert_eq!(sentence_shape("ıi", &words), SentenceShape::default());
}

#[test]
fn shapes_come_back_in_input_order() {
    let texts = ["She left.", "Photo: X / Y", "Fine text here."];
    let shapes = sentence_shapes(&texts, &english());
    let pronoun: Vec<bool> = shapes.iter().map(|s| s.opens_on_pronoun).collect();
    assert_eq!(pronoun, vec![true, false, false]);
}
