using System.Globalization;
using System.Text.Json;

namespace SlackChampionBot.Slack.WebApi;

/// <summary>The form fields of one Web API call. Null values are left out; nested values become JSON strings.</summary>
internal sealed class SlackArgs
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public SlackArgs Add(string name, string? value)
    {
        if (value is not null)
        {
            _fields.Add(new(name, value));
        }

        return this;
    }

    public SlackArgs Add(string name, bool? value) =>
        value is null ? this : Add(name, value.Value ? "true" : "false");

    /// <summary>Adds a flag only when it is set (Slack's defaults are false).</summary>
    public SlackArgs AddFlag(string name, bool value) => value ? Add(name, "true") : this;

    /// <summary>Adds a positive number; zero or less means "Slack's default" and is left out.</summary>
    public SlackArgs AddPositive(string name, int value) =>
        value > 0 ? Add(name, value.ToString(CultureInfo.InvariantCulture)) : this;

    public SlackArgs AddJson<T>(string name, T? value) =>
        value is null ? this : Add(name, JsonSerializer.Serialize(value, SlackJson.Options));

    public string? Get(string name) => _fields.FirstOrDefault(f => f.Key == name).Value;
}
