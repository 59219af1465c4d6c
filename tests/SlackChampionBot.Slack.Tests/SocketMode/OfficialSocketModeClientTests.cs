using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Slack.Tests.SocketMode;

/// <summary>
/// Runs the official <c>@slack/socket-mode</c> client (tests/oracles/socket-mode-oracle.mjs) against
/// <see cref="FakeSocketModeServer"/>, so the fake's protocol is checked by an independent implementation.
/// </summary>
public sealed class OfficialSocketModeClientTests
{
    [NodeFact]
    public async Task OfficialSocketModeClient_AgainstFake_Works()
    {
        await NodeOracles.EnsureInstalled();
        var oracles = NodeOracles.Directory;
        await using var server = await FakeSocketModeServer.StartAsync();

        var output = new StringBuilder();
        using var node = new Process
        {
            StartInfo = new ProcessStartInfo("node", ["socket-mode-oracle.mjs", server.ApiUrl.ToString()])
            {
                WorkingDirectory = oracles,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        node.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        node.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        node.Start();
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            var first = await server.WaitForConnection(1, TimeSpan.FromSeconds(15));

            var eventId = await server.SendEnvelope("events_api", JsonNode.Parse("""{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"hi","channel":"C1","ts":"1.2"}}""")!, acceptsResponsePayload: false, first);
            var eventAck = await server.WaitForAck(eventId);
            var commandId = await server.SendEnvelope("slash_commands", JsonNode.Parse("""{"command":"/win","text":"x","user_id":"U1","channel_id":"C1"}""")!, acceptsResponsePayload: true, first);
            var commandAck = await server.WaitForAck(commandId);

            Assert.Equal(eventId, eventAck.GetProperty("envelope_id").GetString());
            Assert.Null(server.Acks.Single(a => a.EnvelopeId == eventId).Payload);
            Assert.Equal(commandId, commandAck.GetProperty("envelope_id").GetString());
            Assert.Equal("ephemeral", commandAck.GetProperty("payload").GetProperty("response_type").GetString());
            Assert.Equal("ok", commandAck.GetProperty("payload").GetProperty("text").GetString());
            Assert.All(server.Acks, a => Assert.Equal(first.Ticket, a.ConnectionTicket));

            await server.SendDisconnect("refresh_requested", first);
            var second = await server.WaitForConnection(2, TimeSpan.FromSeconds(15));

            Assert.True(await WaitForExit(node, TimeSpan.FromSeconds(20)), "node did not exit\n" + output);
            Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}\n{output}");
            Assert.Equal(2, server.OpenCalls);
            Assert.NotEqual(first.Ticket, second.Ticket);
            Assert.True(first.Closed.IsCompleted);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<bool> WaitForExit(Process process, TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
