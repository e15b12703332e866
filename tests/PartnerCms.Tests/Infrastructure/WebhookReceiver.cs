using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PartnerCms.Tests.Infrastructure;

/// <summary>A webhook's receiving end: a real HTTP server on loopback that records every post and answers as the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Path, IHeaderDictionary Headers, string Body, DateTime AtUtc);

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Every post, in order.</summary>
    public ConcurrentQueue<Received> Posts { get; } = new();

    /// <summary>How to answer the n-th post to a path (0-based); 200 when not set.</summary>
    public Func<string, int, (int Status, TimeSpan Delay, string? Location)> Answer { get; set; } = (_, _) => (200, TimeSpan.Zero, null);

    public string Url(string path) => _app.Urls.First().TrimEnd('/') + path;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "/";
            var headers = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
            receiver.Posts.Enqueue(new Received(path, headers, body, DateTime.UtcNow));
            var n = counts.AddOrUpdate(path, 0, (_, c) => c + 1);
            var (status, delay, location) = receiver.Answer(path, n);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            context.Response.StatusCode = status;
            if (location is not null)
            {
                context.Response.Headers.Location = location;
            }

            await context.Response.WriteAsync(status is >= 200 and < 300 ? "thanks" : "not now");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> posts to <paramref name="path"/> have arrived (or 30 s).</summary>
    public async Task<List<Received>> WaitForAsync(string path, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var posts = Posts.Where(p => p.Path == path).ToList();
            if (posts.Count >= count)
            {
                return posts;
            }

            await Task.Delay(50);
        }

        return Posts.Where(p => p.Path == path).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
