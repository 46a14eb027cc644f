//! `rehearse devices`: input and output devices, defaults marked.

use crate::audio::devices::{DeviceInfo, Direction, Host, list};
use crate::cli::{DevicesArgs, Format};
use crate::config::Config;
use crate::error::BadInput;
use crate::ui::table::{Column, Look, TableRow, table};
use anyhow::Result;

/// Runs `rehearse devices`.
pub fn run(args: &DevicesArgs) -> Result<()> {
    let config = Config::load()?;
    let host = Host::open(args.host.or(config.host))
        .map_err(|e| BadInput::new(e.to_string(), super::host_hint()))?;
    let listed = |direction| -> Vec<DeviceInfo> {
        let usable = |d: &DeviceInfo| args.all || d.default || d.rate.is_some();
        list(&host, direction).into_iter().filter(usable).collect()
    };
    let (inputs, outputs) = (listed(Direction::Input), listed(Direction::Output));
    let out = match args.format {
        Format::Json => super::json(&serde_json::json!({
            "host": host.kind(),
            "inputs": inputs,
            "outputs": outputs,
        }))?,
        Format::Text => {
            let look = Look::stdout();
            let mut s = format!("Sound system: {}\n\n", host.kind().title());
            section(&mut s, "Input devices (microphones)", &inputs, look);
            s.push('\n');
            section(&mut s, "Output devices", &outputs, look);
            s.push_str(
                "\n* marks the default. Pick another with --input-device NAME (a unique part\n\
                 of the name is enough). --all also lists devices with no usable format.\n\
                 --host alsa|pulse (or `host:` in the config file) picks the sound system.\n",
            );
            s
        }
    };
    super::write_out(&out)
}

fn section(s: &mut String, title: &str, devices: &[DeviceInfo], look: Look) {
    s.push_str(title);
    s.push('\n');
    if devices.is_empty() {
        s.push_str("  (none found)\n");
    }
    // No headings: the default's mark, the name to pass, then what it is.
    let columns = [
        Column::left(""),
        Column::left("").narrow(1, 12),
        Column::left("").narrow(0, 12),
    ];
    let rows: Vec<TableRow> = devices
        .iter()
        .map(|d| {
            let format = match (d.channels, d.rate) {
                (Some(c), Some(r)) => format!(", {c} ch, {r} Hz"),
                _ => ", no usable format".to_string(),
            };
            let mark = if d.default { "*" } else { " " };
            let what = format!("{}{format}", d.description);
            TableRow::Cells(vec![mark.into(), d.name.clone(), what])
        })
        .collect();
    if !rows.is_empty() {
        s.push_str(&table(&columns, &rows, look));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(name: &str, description: &str, default: bool) -> DeviceInfo {
        DeviceInfo {
            name: name.into(),
            description: description.into(),
            default,
            channels: Some(2),
            rate: Some(48000),
        }
    }

    fn devices() -> Vec<DeviceInfo> {
        vec![
            device("default", "Default ALSA Output", true),
            device(
                "alsa_input.pci-0000_00_1f.3.analog-stereo",
                "Built-in Audio Analog Stereo",
                false,
            ),
        ]
    }

    #[test]
    fn long_device_names_keep_the_descriptions_in_one_column() {
        let mut s = String::new();
        section(&mut s, "Input devices", &devices(), Look::default());
        assert_eq!(
            s,
            "Input devices\n\
             *  default                                    Default ALSA Output, 2 ch, 48000 Hz\n   \
             alsa_input.pci-0000_00_1f.3.analog-stereo  Built-in Audio Analog Stereo, 2 ch, 48000 Hz\n"
        );
    }

    #[test]
    fn a_forty_column_terminal_gets_no_line_over_forty() {
        let mut s = String::new();
        let look = Look {
            width: Some(40),
            ..Look::default()
        };
        section(&mut s, "Input devices", &devices(), look);
        for line in s.lines() {
            assert!(crate::text::width(line) <= 40, "{line:?}");
        }
        assert!(s.contains("*  default"), "{s}");
    }
}
