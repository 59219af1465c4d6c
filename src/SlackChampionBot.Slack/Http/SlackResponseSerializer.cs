using System.Text.Json;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Http;

/// <summary>
/// Turns what <see cref="ISlackInboundDispatcher"/> returned into the JSON Slack expects in an HTTP response body or a
/// Socket Mode ack <c>payload</c>; null means an empty acknowledgement.
/// </summary>
internal static class SlackResponseSerializer
{
    public static byte[]? Serialize(object? response) => response switch
    {
        null => null,
        SlashCommandResponse command => SerializeCommand(command),
        _ => JsonSerializer.SerializeToUtf8Bytes(response, response.GetType(), SlackJson.Options),
    };

    /// <summary><c>{"response_type":"ephemeral"|"in_channel", …the message's fields}</c>, or null for <see cref="SlashCommandResponse.None"/>.</summary>
    private static byte[]? SerializeCommand(SlashCommandResponse command)
    {
        if (command.Message is null)
        {
            return null;
        }

        var message = JsonSerializer.SerializeToElement(command.Message, SlackJson.Options);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SlackJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("response_type"u8, command.ResponseType == ResponseType.InChannel ? "in_channel" : "ephemeral");
            foreach (var property in message.EnumerateObject())
            {
                if (property.NameEquals("response_type"u8) || property.NameEquals("channel"u8))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
