//! `rehearse devices`: input and output devices, defaults marked.

use crate::audio::devices::{DeviceInfo, Direction, Host, list};
use crate::cli::{DevicesArgs, Format};
use crate::config::Config;
use crate::error::BadInput;
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
            let mut s = format!("Sound system: {}\n\n", host.kind().title());
            section(&mut s, "Input devices (microphones)", &inputs);
            s.push('\n');
            section(&mut s, "Output devices", &outputs);
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

fn section(s: &mut String, title: &str, devices: &[DeviceInfo]) {
    s.push_str(title);
    s.push('\n');
    if devices.is_empty() {
        s.push_str("  (none found)\n");
    }
    for d in devices {
        let format = match (d.channels, d.rate) {
            (Some(c), Some(r)) => format!(", {c} ch, {r} Hz"),
            _ => ", no usable format".to_string(),
        };
        s.push_str(&format!(
            "{} {:<12} {}{format}\n",
            if d.default { "*" } else { " " },
            d.name,
            d.description
        ));
    }
}
