use super::*;

fn english() -> RuleWords {
    let set = |words: &[&str]| words.iter().map(|w| w.to_string()).collect();
    RuleWords {
        pronouns: set(&["he", "she", "they"]),
        first_person: set(&["i", "my", "we"]),
        stop_words: set(&["the", "and"]),
        subject_pronouns: set(&["he", "she", "they"]),
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

#[test]
fn attributions_to_pronouns_and_quote_fragments_are_recognised() {
    let words = english();
    let shape = |text: &str| sentence_shape(text, &words);
    assert!(shape("“Keep away,” she said on Friday.").attributes_to_pronoun);
    assert!(shape("Boards were scorched, he said.").attributes_to_pronoun);
    assert!(!shape("Boards were scorched, the fire service said.").attributes_to_pronoun);
    // A long last clause is no attribution; nor is a sentence without a clause mark.
    assert!(
        !shape("He left, and the crews that had fought the fire all night stayed on.")
            .attributes_to_pronoun
    );
    assert!(!shape("She left.").attributes_to_pronoun);
    assert!(shape("“This street lives from the bridge.").unbalanced_quotes);
    assert!(shape("It will take years,” she said.").unbalanced_quotes);
    assert!(!shape("“It lives,” she said.").unbalanced_quotes);
    assert!(!shape("„Es lebt“, sagte er.").unbalanced_quotes);
}

#[test]
fn french_inversions_count_as_attributions() {
    let words = RuleWords {
        pronouns: FxHashSet::default(),
        first_person: FxHashSet::default(),
        stop_words: FxHashSet::default(),
        subject_pronouns: ["il", "elle"].iter().map(|w| w.to_string()).collect(),
    };
    assert!(sentence_shape("« Nous restons », a-t-il ajouté.", &words).attributes_to_pronoun);
    assert!(!sentence_shape("« Nous restons », a ajouté le maire.", &words).attributes_to_pronoun);
}

#[test]
fn an_initial_does_not_end_a_name() {
    // "k" is a stop word in some lists: as an initial it still belongs to the name.
    let mut words = english();
    words.stop_words.insert("k".to_string());
    let shape = sentence_shape("Chief Dana K. Whitlock said the crews stayed.", &words);
    assert_eq!(shape.introduces, vec!["Whitlock".to_string()]);
    assert!(shape.singles.is_empty());
    let shape = sentence_shape("Dr. Amara Bell spoke.", &english());
    assert_eq!(shape.introduces, vec!["Bell".to_string()]);
    assert_eq!(shape.singles, vec!["Dr".to_string()]);
}
