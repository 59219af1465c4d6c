using System.Text.Json;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// The top-level facts of an Events API body, read in one forward pass with <see cref="Utf8JsonReader"/> (no DOM, no
/// deserialisation of the inner event): enough to answer url_verification and to store an event_callback in the inbox.
/// </summary>
internal readonly record struct EventEnvelope(
    string? Type,
    string? Challenge,
    string? TeamId,
    string? EnterpriseId,
    string? EventId,
    long EventTime,
    string? EventType)
{
    public const string EventCallbackType = "event_callback";
    public const string UrlVerificationType = "url_verification";

    /// <summary>Reads the envelope. Throws <see cref="FormatException"/> when the bytes are not a JSON object.</summary>
    public static EventEnvelope Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return ReadCore(json);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The body is not valid JSON.", exception);
        }
        catch (InvalidOperationException exception)
        {
            // Utf8JsonReader's GetString/GetInt64 on the wrong token type.
            throw new FormatException("The body has a field of the wrong type.", exception);
        }
    }

    /// <summary>Throws <see cref="FormatException"/> unless this is an event_callback with an event_id, a team and an event type.</summary>
    public void EnsureUsableEventCallback()
    {
        if (Type != EventCallbackType)
        {
            throw new FormatException("The body is not an event_callback.");
        }

        if (string.IsNullOrEmpty(EventId) || string.IsNullOrEmpty(EventType))
        {
            throw new FormatException("The event_callback has no event_id or no event.type.");
        }

        if (string.IsNullOrEmpty(TeamId))
        {
            throw new FormatException("The event_callback has no team_id.");
        }
    }

    private static EventEnvelope ReadCore(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("The body is not a JSON object.");
        }

        string? type = null, challenge = null, teamId = null, enterpriseId = null, eventId = null, eventType = null;
        long eventTime = 0;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("challenge"u8))
            {
                reader.Read();
                challenge = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("team_id"u8))
            {
                reader.Read();
                teamId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("enterprise_id"u8))
            {
                reader.Read();
                enterpriseId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("event_id"u8))
            {
                reader.Read();
                eventId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("event_time"u8))
            {
                reader.Read();
                eventTime = reader.TokenType switch
                {
                    JsonTokenType.Number => reader.GetInt64(),
                    JsonTokenType.String when long.TryParse(reader.GetString(), out var parsed) => parsed,
                    _ => 0,
                };
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    eventType = ReadInnerType(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new FormatException("The body is not a complete JSON object.");
        }

        // Anything after the object other than whitespace is malformed.
        if (reader.Read())
        {
            throw new FormatException("The body has data after the JSON object.");
        }

        return new EventEnvelope(type, challenge, teamId, enterpriseId, eventId, eventTime, eventType);
    }

    private static string? ReadInnerType(ref Utf8JsonReader reader)
    {
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType)
            {
                type = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return type;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }
}
