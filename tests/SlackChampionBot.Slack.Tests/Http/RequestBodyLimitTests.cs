using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Tests.TestSupport;

namespace SlackChampionBot.Slack.Tests.Http;

/// <summary>What a request may cost before its signature is checked: its size, and how long its body may take.</summary>
public sealed class RequestBodyLimitTests
{
    private static Task<SlackTestHost> StartAsync(int maxBytes = 1024 * 1024, long? budget = null) =>
        SlackTestHost.StartAsync(c => c
            .RegisterEventHandler<MessageEvent, MessageHandler>()
            .Configure((o, _) =>
            {
                o.MaxRequestBodyBytes = maxBytes;
                o.MaxBufferedBodyBytes = budget ?? 64L * 1024 * 1024;
                o.RequestBodyTimeout = TimeSpan.FromSeconds(10);
            }));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Event_BodyOfExactlyTheLimit_IsAccepted(bool sendLength)
    {
        var json = SlackTestHost.MessageEvent("EvExact");
        await using var host = await StartAsync(maxBytes: json.Length + 4096 + 1);
        var body = Encoding.UTF8.GetBytes(json + new string(' ', 4096 + 1));

        var response = await host.Post("/slack/event", body, "application/json", sendLength: sendLength);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_ChunkedBodyOneByteOverTheLimit_Returns413()
    {
        var json = SlackTestHost.MessageEvent("EvOver");
        await using var host = await StartAsync(maxBytes: json.Length + 4096);
        var body = Encoding.UTF8.GetBytes(json + new string(' ', 4096 + 1));

        var response = await host.Post("/slack/event", body, "application/json", sendLength: false);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_BodyStillArrivingAfterTheTimeout_IsDroppedAndNothingStored()
    {
        await using var host = await StartAsync();
        var body = Encoding.UTF8.GetBytes(SlackTestHost.MessageEvent("EvSlow"));
        var ts = host.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/event") { Content = new TricklingContent(body[..20]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", SlackChampionBot.Slack.Http.SlackSignature.Sign(SlackTestHost.Secret, ts, body));

        var sending = host.Client.SendAsync(request);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!sending.IsCompleted && DateTime.UtcNow < deadline)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1)); // the bot's clock; the request never finishes on its own
            await Task.WhenAny(sending, Task.Delay(20));
        }

        Assert.True(sending.IsCompleted, "the bot kept waiting for the body");
        await Assert.ThrowsAnyAsync<Exception>(() => sending);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_WhileOtherBodiesHoldTheWholeBudget_Gets503ButSmallBodiesStillPass()
    {
        await using var host = await StartAsync(maxBytes: 32 * 1024, budget: 32 * 1024);
        var endpoints = host.App.Services.GetRequiredService<SlackChampionBot.Slack.Http.SlackHttpEndpoints>();
        // One stalled body of 20,000 bytes grows its buffer to 32 KiB, the whole budget. (Two sent together could both
        // be refused: each holding 16 KiB, each finds no room to grow, and neither would then hold the budget.)
        using var stalled = Unsigned(new TricklingContent(new byte[20_000]));
        var holding = host.Client.SendAsync(stalled);
        await SlackTestHost.WaitUntil(() => endpoints.BufferedBodyBytes == 32 * 1024, "the stalled body holds the budget");

        var big = await host.Post("/slack/event", Encoding.UTF8.GetBytes(SlackTestHost.MessageEvent("EvBig", new string('a', 10_000))), "application/json");
        var small = await host.PostEvent(SlackTestHost.MessageEvent("EvSmall"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, big.StatusCode);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Null(host.Inbox.Find("EvBig"));
        Assert.NotNull(host.Inbox.Find("EvSmall"));
    }

    private static HttpRequestMessage Unsigned(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/event") { Content = content };
        request.Headers.Add("X-Slack-Request-Timestamp", "1");
        request.Headers.Add("X-Slack-Signature", "v0=00");
        return request;
    }

    /// <summary>Sends the first bytes of a body, then nothing more (a client trickling its body, or stalled).</summary>
    private sealed class TricklingContent(byte[] first) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(first, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
