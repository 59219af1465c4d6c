using System.Text.Json;
using SlackChampionBot.Slack.Events;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// The top-level facts of an Events API body, read in one forward pass with <see cref="Utf8JsonReader"/> (no DOM, no
/// deserialisation): enough to answer url_verification and to store an event_callback in the inbox. The same pass
/// checks the body against the shapes of <see cref="EventCallback"/> and of the inner event's model
/// (<see cref="PayloadShape"/>), so a stored event can always be read back and no handler gets a null where its model
/// has none.
/// </summary>
/// <param name="IsDirectMessage">
/// A <c>message</c> event in a DM (<c>channel_type</c> <c>im</c>, or a <c>D…</c> channel): what someone wrote to the bot,
/// or the bot's own survey DM changing. No feature reads DMs, so such events are kept only as a tombstone for dedupe.
/// </param>
internal readonly record struct EventEnvelope(
    string? Type,
    string? Challenge,
    string? TeamId,
    string? EnterpriseId,
    string? EventId,
    long EventTime,
    string? EventType,
    bool IsDirectMessage = false)
{
    public const string EventCallbackType = "event_callback";
    public const string UrlVerificationType = "url_verification";

    private static readonly PayloadShape CallbackShape = PayloadShape.For(typeof(EventCallback));

    /// <summary>Reads and checks the envelope. Throws <see cref="FormatException"/> when the bytes are not a well-formed body.</summary>
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
        var isDirectMessage = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("challenge"u8))
            {
                reader.Read();
                challenge = ReadString(ref reader);
                continue;
            }

            var property = PayloadValidator.Find(ref reader, CallbackShape);
            reader.Read();
            if (property is null)
            {
                reader.Skip();
                continue;
            }

            if (property.Name == "event")
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new FormatException("event must be an object.");
                }

                (eventType, isDirectMessage) = ReadEvent(ref reader);
                continue;
            }

            PayloadValidator.Check(ref reader, property.Shape, property.Nullable, new FieldPath(string.Empty, property.Name));
            switch (property.Name)
            {
                case "type":
                    type = ReadString(ref reader);
                    break;
                case "team_id":
                    teamId = ReadString(ref reader);
                    break;
                case "enterprise_id":
                    enterpriseId = ReadString(ref reader);
                    break;
                case "event_id":
                    eventId = ReadString(ref reader);
                    break;
                case "event_time":
                    eventTime = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : long.Parse(reader.ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture);
                    break;
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

        return new EventEnvelope(type, challenge, teamId, enterpriseId, eventId, eventTime, eventType, isDirectMessage);
    }

    /// <summary>
    /// The inner event (the reader on its StartObject): a first look for the fields that choose its model (as
    /// <see cref="SlackEventParser"/> chooses it) and say whether it is in a DM, then the check against that model.
    /// </summary>
    private static (string? Type, bool IsDirectMessage) ReadEvent(ref Utf8JsonReader reader)
    {
        string? type = null, subtype = null;
        var inDm = false;
        var look = reader;
        while (look.Read() && look.TokenType == JsonTokenType.PropertyName)
        {
            var field = look.ValueTextEquals("type"u8) ? 1
                : look.ValueTextEquals("subtype"u8) ? 2
                : look.ValueTextEquals("channel_type"u8) ? 3
                : look.ValueTextEquals("channel"u8) ? 4
                : 0;
            look.Read();
            if (look.TokenType != JsonTokenType.String)
            {
                look.Skip();
                continue;
            }

            switch (field)
            {
                case 1:
                    type = look.GetString();
                    break;
                case 2:
                    subtype = look.GetString();
                    break;
                case 3:
                    inDm |= look.ValueTextEquals("im"u8);
                    break;
                case 4:
                    inDm |= look.ValueSpan is [(byte)'D', ..];
                    break;
            }
        }

        PayloadValidator.Check(ref reader, PayloadShape.For(SlackEventParser.EventTypeFor(type, subtype)), nullable: false, new FieldPath("event", null));
        return (type, inDm && type == "message");
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
