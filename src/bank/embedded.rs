//! The shipped banks, compiled into the binary so `rehearse` works from any directory.

/// File name and text of every built-in bank, in display order.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "behavioural.yaml",
        include_str!("../../question-banks/behavioural.yaml"),
    ),
    (
        "motivation.yaml",
        include_str!("../../question-banks/motivation.yaml"),
    ),
    ("role.yaml", include_str!("../../question-banks/role.yaml")),
    (
        "culture.yaml",
        include_str!("../../question-banks/culture.yaml"),
    ),
    (
        "company.yaml",
        include_str!("../../question-banks/company.yaml"),
    ),
    ("case.yaml", include_str!("../../question-banks/case.yaml")),
    (
        "practicalities.yaml",
        include_str!("../../question-banks/practicalities.yaml"),
    ),
    (
        "revisit.yaml",
        include_str!("../../question-banks/revisit.yaml"),
    ),
    (
        "ask-them.yaml",
        include_str!("../../question-banks/ask-them.yaml"),
    ),
];
