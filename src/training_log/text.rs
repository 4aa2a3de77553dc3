//! The text logs of a Keras run: a `CSVLogger` file, console output pasted from a terminal or a
//! notebook (Keras 2 `verbose=1` progress bars with their carriage returns and backspaces,
//! `verbose=2` lines, Keras 3's bars), and a printed `history.history` dict. Each reader keeps
//! what it read before a line it cannot use, and says which line that was.

use super::{Per, Series};

/// A metric value as Python prints it: `0.6643`, `1e-05`, `nan`, `inf`, or numpy 2's
/// `np.float32(0.003)`.
fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t
        .strip_prefix("np.float32(")
        .or_else(|| t.strip_prefix("np.float64("))
        .and_then(|inner| inner.strip_suffix(')'))
        .unwrap_or(t);
    match t {
        "nan" | "NaN" => Some(f64::NAN),
        "inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        _ if t.is_empty()
            || !t
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) =>
        {
            None
        }
        _ => t.parse().ok(),
    }
}

/// Appends `value` at `step` to the series named `tag` (epoch-level, run "").
fn push(series: &mut Vec<Series>, tag: &str, step: u64, value: f64) {
    let s = match series.iter_mut().position(|s| s.tag == tag) {
        Some(i) => &mut series[i],
        None => {
            series.push(Series {
                tag: tag.to_string(),
                run: String::new(),
                per: Per::Epoch,
                steps: Vec::new(),
                values: Vec::new(),
            });
            series.last_mut().expect("just pushed")
        }
    };
    s.steps.push(step);
    s.values.push(value);
}

/// What a text reader found: series, updates per epoch where the text shows them, the error
/// that stopped it (1-based line and message), and warnings.
#[derive(Debug, Default)]
pub struct TextRead {
    pub series: Vec<Series>,
    pub steps_per_epoch: Option<u64>,
    pub epochs: Option<u64>,
    pub error: Option<(usize, String)>,
    pub warnings: Vec<String>,
}

/// A `CSVLogger` file: `epoch,<metric>,…` and one row per epoch; `NA` where a metric is missing.
pub fn read_csv(text: &str) -> TextRead {
    let mut out = TextRead::default();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        out.error = Some((1, "the file is empty".into()));
        return out;
    };
    let columns: Vec<&str> = header.split(',').map(str::trim).collect();
    let Some(epoch_col) = columns.iter().position(|&c| c == "epoch") else {
        out.error = Some((
            1,
            "no `epoch` column: CSVLogger writes `epoch` first".into(),
        ));
        return out;
    };
    let mut epochs = 0;
    for (i, line) in lines {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if cells.len() != columns.len() {
            out.error = Some((
                i + 1,
                format!(
                    "{} cells where the header has {}",
                    cells.len(),
                    columns.len()
                ),
            ));
            break;
        }
        let Some(epoch) = cells[epoch_col].parse::<u64>().ok() else {
            out.error = Some((
                i + 1,
                format!("epoch `{}` is not a whole number", cells[epoch_col]),
            ));
            break;
        };
        for (c, cell) in cells.iter().enumerate() {
            if c == epoch_col || *cell == "NA" || cell.is_empty() {
                continue;
            }
            match number(cell) {
                Some(v) => push(&mut out.series, columns[c], epoch, v),
                None => out.warnings.push(format!(
                    "line {}: `{}` = `{cell}` is not a number",
                    i + 1,
                    columns[c]
                )),
            }
        }
        epochs += 1;
    }
    out.epochs = Some(epochs);
    out
}

/// A terminal line as it was left on screen: backspaces move back, a carriage return starts the
/// line over (Keras 2's progress bar redraws itself with both), and colour codes (Keras 3's bar,
/// `ESC [ … m`) take no room.
fn on_screen(raw: &str) -> String {
    let mut screen: Vec<char> = Vec::new();
    let mut cursor: usize = 0;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // A CSI sequence ends with a letter.
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            '\r' => cursor = 0,
            '\u{8}' => cursor = cursor.saturating_sub(1),
            _ => {
                if cursor < screen.len() {
                    screen[cursor] = c;
                } else {
                    screen.push(c);
                }
                cursor += 1;
            }
        }
    }
    screen
        .into_iter()
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// `name: value` pairs after ` - ` separators (`- loss: 0.2944 - accuracy: 0.9145`); timings
/// (`3s`, `2ms/step`, `236ms/epoch`) are not metrics and are skipped.
fn metrics(line: &str) -> Vec<(String, f64)> {
    line.split(" - ")
        .skip(1)
        .filter_map(|part| {
            let (name, value) = part.split_once(':')?;
            let name = name.trim();
            let ok =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            let value = value.split_whitespace().next()?;
            Some((name.to_string(), number(value)?)).filter(|_| ok)
        })
        .collect()
}

/// `k/n` at the start of a progress line.
fn progress(line: &str) -> Option<(u64, u64)> {
    let first = line.split_whitespace().next()?;
    let (k, n) = first.split_once('/')?;
    Some((k.parse().ok()?, n.parse().ok()?))
}

/// Console output of `model.fit`: `Epoch i/n` lines and each epoch's last progress line
/// (`n/n … - loss: … - val_loss: … - lr: …`), from Keras 2 (`verbose=1` or `2`) or Keras 3.
/// Lines that are neither (warnings, tracebacks, prints) are skipped and counted.
pub fn read_console(text: &str) -> TextRead {
    let mut out = TextRead::default();
    let mut epoch: Option<u64> = None;
    let mut total_epochs = None;
    // The last complete progress line of the current epoch.
    let mut last: Option<Vec<(String, f64)>> = None;
    let mut skipped = 0;
    let mut first_skipped = None;
    let mut epochs_seen = 0;
    let flush = |out: &mut TextRead, epoch: Option<u64>, last: &mut Option<Vec<(String, f64)>>| {
        if let (Some(e), Some(m)) = (epoch, last.take()) {
            for (name, v) in m {
                push(&mut out.series, &name, e, v);
            }
        }
    };
    for (i, raw) in text.split('\n').enumerate() {
        let line = on_screen(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("Epoch ") {
            if let Some((e, n)) = rest.split_once('/').and_then(|(e, n)| {
                Some((e.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?))
            }) {
                flush(&mut out, epoch, &mut last);
                epoch = Some(e - 1);
                total_epochs = Some(n);
                epochs_seen += 1;
                continue;
            }
        }
        if let Some((k, n)) = progress(trimmed) {
            if k == n && n > 0 {
                out.steps_per_epoch = Some(n);
                let m = metrics(trimmed);
                if !m.is_empty() {
                    last = Some(m);
                }
            }
            continue;
        }
        skipped += 1;
        first_skipped.get_or_insert((i + 1, trimmed.chars().take(80).collect::<String>()));
    }
    flush(&mut out, epoch, &mut last);
    if epochs_seen == 0 {
        out.error = Some((
            1,
            "no `Epoch i/n` line: this is not Keras's fit output".into(),
        ));
    }
    if let Some((line, text)) = first_skipped {
        out.warnings.push(format!(
            "{skipped} line{} that are not Keras progress output were skipped (the first, line {line}: `{text}`)",
            if skipped == 1 { "" } else { "s" }
        ));
    }
    out.epochs = total_epochs.map(|n| n.min(epochs_seen as u64));
    out
}

/// A printed `history.history`: `{'loss': [0.29, 0.14], 'val_loss': […], 'lr': […]}`, values
/// as Python prints them (numpy 2: `np.float32(0.003)`).
pub fn read_history(text: &str) -> TextRead {
    let mut out = TextRead::default();
    let Some(start) = text.find('{') else {
        out.error = Some((1, "no `{`: a history dict starts with one".into()));
        return out;
    };
    let body = &text[start + 1..];
    let line_of = |at: usize| text[..start + 1 + at].matches('\n').count() + 1;
    let mut at = 0;
    let mut epochs = 0u64;
    loop {
        let rest = &body[at..];
        let Some(q) = rest.find(['\'', '"']) else {
            break;
        };
        let quote = rest.as_bytes()[q] as char;
        let Some(end) = rest[q + 1..].find(quote) else {
            out.error = Some((line_of(at + q), "a key's quote is not closed".into()));
            break;
        };
        let key = &rest[q + 1..q + 1 + end];
        let after = &rest[q + 2 + end..];
        let Some(open) = after.find('[') else {
            out.error = Some((line_of(at + q), format!("`{key}` has no list of values")));
            break;
        };
        let Some(close) = after[open..].find(']') else {
            out.error = Some((
                line_of(at + q),
                format!("the list of `{key}` is not closed"),
            ));
            break;
        };
        let list = &after[open + 1..open + close];
        let mut n = 0;
        for (e, item) in list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .enumerate()
        {
            match number(item) {
                Some(v) => push(&mut out.series, key, e as u64, v),
                None => out
                    .warnings
                    .push(format!("`{key}`[{e}] = `{item}` is not a number")),
            }
            n = e as u64 + 1;
        }
        epochs = epochs.max(n);
        at += q + 2 + end + open + close + 1;
    }
    if out.series.is_empty() && out.error.is_none() {
        out.error = Some((1, "no `'metric': [values]` entries".into()));
    }
    out.epochs = Some(epochs);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_numbers() {
        assert_eq!(number("0.003"), Some(0.003));
        assert_eq!(number("np.float32(0.003)"), Some(0.003));
        assert_eq!(number("1e-05"), Some(1e-5));
        assert!(number("nan").unwrap().is_nan());
        assert_eq!(number("0.3s"), None);
    }

    #[test]
    fn the_screen_keeps_what_the_bar_left() {
        assert_eq!(
            on_screen("1/4 [==>...]\r4/4 [=====] - loss: 1"),
            "4/4 [=====] - loss: 1"
        );
        // A backspace moves back over what stays unless overwritten, as in a terminal.
        assert_eq!(
            on_screen("1/2 [>]\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}2/2 [==] done"),
            "2/2 [==] done"
        );
        assert_eq!(on_screen("10/10 [=]\u{8}\u{8}\u{8}ab"), "10/10 ab]");
        assert_eq!(
            on_screen("\r\u{1b}[1m16/16\u{1b}[0m \u{1b}[32m━━\u{1b}[0m - loss: 0.5"),
            "16/16 ━━ - loss: 0.5"
        );
    }

    #[test]
    fn console_epochs_and_steps() {
        let text = "Epoch 1/2\n\r 1/16 [>...] - ETA: 3s - loss: 0.9\r16/16 [====] - 1s 3ms/step - loss: 0.6643 - accuracy: 0.6016 - lr: 0.0030\nWARNING: something\nEpoch 2/2\n16/16 - 0s - loss: 0.61 - accuracy: 0.7 - 236ms/epoch - 15ms/step\n";
        let r = read_console(text);
        assert_eq!((r.steps_per_epoch, r.epochs), (Some(16), Some(2)));
        let loss = r.series.iter().find(|s| s.tag == "loss").unwrap();
        assert_eq!(
            (loss.steps.clone(), loss.values.clone()),
            (vec![0, 1], vec![0.6643, 0.61])
        );
        let lr = r.series.iter().find(|s| s.tag == "lr").unwrap();
        assert_eq!(lr.values, vec![0.003]);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    }

    #[test]
    fn csv_with_na_and_a_ragged_row() {
        let r = read_csv("epoch,loss,lr\n0,0.5,0.003\n1,0.4,NA\n2,0.3\n");
        assert_eq!(r.error, Some((4, "2 cells where the header has 3".into())));
        let lr = r.series.iter().find(|s| s.tag == "lr").unwrap();
        assert_eq!(lr.steps, vec![0]);
        assert_eq!(
            r.series.iter().find(|s| s.tag == "loss").unwrap().values,
            vec![0.5, 0.4]
        );
    }

    #[test]
    fn history_dicts_old_and_numpy_2() {
        let r = read_history("{'loss': [0.5, 0.25], 'lr': [np.float32(0.003), np.float32(0.003)]}");
        assert_eq!(r.epochs, Some(2));
        assert_eq!(
            r.series.iter().find(|s| s.tag == "lr").unwrap().values,
            vec![0.003, 0.003]
        );
        assert!(read_history("{'loss': [0.5,").error.is_some());
    }
}
