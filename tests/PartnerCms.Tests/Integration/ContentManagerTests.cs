using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Content;
using PartnerCms.Core.Hosting;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

public sealed class TestPagePart : ContentPart
{
    public string Title { get; set; } = string.Empty;
}

/// <summary>Content versions on a real database: versionable items keep history, draftable ones publish on demand.</summary>
public abstract class ContentManagerTests(TestDatabase database) : IAsyncLifetime
{
    private readonly PartnerCmsSite _site = new(database, services: services =>
    {
        services.AddContentType("TestPage", t =>
        {
            t.Draftable = true;
            t.Versionable = true;
            t.WithPart<TestPagePart>();
        });
        services.AddContentType("TestNote", t => t.WithPart<TestPagePart>());
        services.AddContentType("TestDraft", t =>
        {
            t.Draftable = true;
            t.WithPart<TestPagePart>();
        });
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private Task<T> WithContentAsync<T>(Func<ContentManager, Task<T>> work) =>
        _site.AsSystemAsync(sp => work(sp.GetRequiredService<ContentManager>()));

    private async Task<ContentItem> CreateAsync(string type, string title, bool publish)
    {
        return await WithContentAsync(async content =>
        {
            var item = content.New(type);
            item.OrganizationId = "contoso-partners";
            item.Apply(new TestPagePart { Title = title });
            await content.CreateAsync(item, publish);
            return item;
        });
    }

    private Task<ContentItem> EditAsync(string id, string title) => WithContentAsync(async content =>
    {
        var item = (await content.GetAsync(id))!;
        item.Alter<TestPagePart>(p => p.Title = title);
        await content.UpdateAsync(item);
        return item;
    });

    [Fact]
    public async Task A_draft_is_invisible_as_published_until_published_and_editing_a_published_item_makes_a_new_draft()
    {
        var created = await CreateAsync("TestPage", "First", publish: false);
        var unpublished = await WithContentAsync(c => c.GetAsync(created.ContentItemId, VersionOptions.Published));

        await WithContentAsync(async c => { await c.PublishAsync((await c.GetAsync(created.ContentItemId))!); return 0; });
        var draft = await EditAsync(created.ContentItemId, "Second");
        var published = await WithContentAsync(c => c.GetAsync(created.ContentItemId, VersionOptions.Published));
        var latest = await WithContentAsync(c => c.GetAsync(created.ContentItemId, VersionOptions.Latest));

        Assert.Null(unpublished);
        Assert.Equal(2, draft.Version);
        Assert.Equal("First", published!.Get<TestPagePart>().Title);
        Assert.Equal("Second", latest!.Get<TestPagePart>().Title);
        Assert.False(latest.Published);

        await WithContentAsync(async c => { await c.PublishAsync(latest); return 0; });
        var versions = await WithContentAsync(c => c.GetVersionsAsync(created.ContentItemId));
        Assert.Equal([(2, true, true), (1, false, false)], versions.Select(v => (v.Version, v.Latest, v.Published)));
    }

    [Fact]
    public async Task A_versionable_type_keeps_every_saved_draft()
    {
        var created = await CreateAsync("TestPage", "Draft one", publish: false);

        await EditAsync(created.ContentItemId, "Draft two");

        var versions = await WithContentAsync(c => c.GetVersionsAsync(created.ContentItemId));
        Assert.Equal(["Draft two", "Draft one"], versions.Select(v => v.Get<TestPagePart>().Title));
    }

    [Fact]
    public async Task A_draftable_only_type_edits_a_draft_that_was_never_published_in_place()
    {
        var created = await CreateAsync("TestDraft", "Draft one", publish: false);

        await EditAsync(created.ContentItemId, "Draft two");

        var versions = await WithContentAsync(c => c.GetVersionsAsync(created.ContentItemId));
        Assert.Equal("Draft two", Assert.Single(versions).Get<TestPagePart>().Title);
    }

    [Fact]
    public async Task A_type_that_is_neither_draftable_nor_versionable_is_always_published_and_keeps_one_version()
    {
        var created = await CreateAsync("TestNote", "Note", publish: false);

        await EditAsync(created.ContentItemId, "Note edited");

        var versions = await WithContentAsync(c => c.GetVersionsAsync(created.ContentItemId));
        var only = Assert.Single(versions);
        Assert.True(only.Published);
        Assert.Equal("Note edited", only.Get<TestPagePart>().Title);
    }

    [Fact]
    public async Task Saving_from_a_stale_version_is_refused_and_keeps_the_newer_one()
    {
        var created = await CreateAsync("TestPage", "v1", publish: true);
        var stale = await WithContentAsync(c => c.GetAsync(created.ContentItemId));
        await EditAsync(created.ContentItemId, "v2 by someone else");

        stale!.Alter<TestPagePart>(p => p.Title = "v2 by me");
        await Assert.ThrowsAsync<ContentConcurrencyException>(() => WithContentAsync(async c => { await c.UpdateAsync(stale); return 0; }));

        var latest = await WithContentAsync(c => c.GetAsync(created.ContentItemId));
        Assert.Equal("v2 by someone else", latest!.Get<TestPagePart>().Title);
    }

    private static System.Text.Json.Nodes.JsonObject Body(string title) => new ContentItem("TestDraft", "x").Apply(new TestPagePart { Title = title }).Content;

    private static string TitleOf(ContentItem? item) => item?.Get<TestPagePart>().Title ?? "(none)";

    [Fact]
    public async Task The_shared_versioning_edits_a_draft_in_place_and_makes_a_version_per_publish()
    {
        var created = await CreateAsync("TestDraft", "Empty", publish: false);
        var id = created.ContentItemId;

        var first = await WithContentAsync(c => c.SaveDraftAsync(id, Body("One"), expectedRevision: 0, "marketing@contoso"));
        var second = await WithContentAsync(c => c.SaveDraftAsync(id, Body("Still one"), expectedRevision: 1, "marketing@contoso"));
        var v1 = await WithContentAsync(c => c.PublishDraftAsync(id, null, expectedRevision: 2, "marketing@contoso"));
        var v2 = await WithContentAsync(c => c.PublishDraftAsync(id, Body("Two"), expectedRevision: 3, "marketing@contoso"));
        var versions = await WithContentAsync(c => c.GetPublishedVersionsAsync(id));
        var published = await WithContentAsync(c => c.GetAsync(id, VersionOptions.Published));

        Assert.True(first.Saved && second.Saved);
        Assert.Equal(1, second.Latest.Version);
        Assert.True(v1.Published && v2.Published);
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal(["Two", "Still one"], versions.Select(TitleOf));
        Assert.Equal("Two", TitleOf(published));
        Assert.Equal(4, published!.Revision);
    }

    [Fact]
    public async Task A_save_or_publish_naming_an_old_revision_is_refused_and_changes_nothing()
    {
        var created = await CreateAsync("TestDraft", "Theirs", publish: false);
        var id = created.ContentItemId;
        await WithContentAsync(c => c.SaveDraftAsync(id, Body("Theirs, saved"), expectedRevision: 0, "admin@contoso"));

        var staleSave = await WithContentAsync(c => c.SaveDraftAsync(id, Body("Mine"), expectedRevision: 0, "sales@contoso"));
        var stalePublish = await WithContentAsync(c => c.PublishDraftAsync(id, Body("Mine"), expectedRevision: 0, "sales@contoso"));
        var latest = await WithContentAsync(c => c.GetAsync(id));

        Assert.False(staleSave.Saved);
        Assert.Equal("admin@contoso", staleSave.Latest.Author);
        Assert.False(stalePublish.Published);
        Assert.Equal("Theirs, saved", TitleOf(latest));
        Assert.False(latest!.Published);
    }

    [Fact]
    public async Task Publishing_other_content_keeps_the_draft_being_edited_above_the_new_version()
    {
        var created = await CreateAsync("TestDraft", "Published one", publish: true);
        var id = created.ContentItemId;
        await WithContentAsync(c => c.SaveDraftAsync(id, Body("Work in progress"), null, "marketing@contoso"));

        var restored = await WithContentAsync(c => c.PublishContentAsync(id, Body("Restored"), "admin@contoso"));
        var published = await WithContentAsync(c => c.GetAsync(id, VersionOptions.Published));
        var latest = await WithContentAsync(c => c.GetAsync(id));
        var again = await WithContentAsync(c => c.PublishContentAsync(id, Body("Restored again"), "admin@contoso"));

        Assert.Equal(2, restored.Version);
        Assert.Equal("Restored", TitleOf(published));
        Assert.Equal("Work in progress", TitleOf(latest));
        Assert.Equal(3, latest!.Version);
        Assert.False(latest.Published);
        Assert.Equal(3, again.Version);
        Assert.Equal("Work in progress", TitleOf(await WithContentAsync(c => c.GetAsync(id))));
        Assert.Equal([3, 2, 1], (await WithContentAsync(c => c.GetPublishedVersionsAsync(id))).Select(v => v.Version));
    }
}

public sealed class ContentManagerTestsOnSqlite() : ContentManagerTests(TestDatabase.Sqlite);

public sealed class ContentManagerTestsOnPostgres() : ContentManagerTests(TestDatabase.Postgres);
