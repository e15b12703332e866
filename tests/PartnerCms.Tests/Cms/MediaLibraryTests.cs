using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Media.Models;
using PartnerCms.Templates.Services;
using PartnerCms.Tests.Infrastructure;
using SkiaSharp;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Cms;

/// <summary>
/// The media library: images checked by their content as the logo is, stored without metadata and at standard widths,
/// served with a year's caching and an ETag; alt text required; usage shown and deletion refused while anything uses an
/// image; a Liquid filter that reaches only the partner's own images; the branding's share image as og:image; and the
/// operator's quota, kept when uploads race.
/// </summary>
[Trait("Area", "Cms")]
public abstract class MediaLibraryTests(TestDatabase database) : IAsyncLifetime
{
    private const string Contoso = "contoso-partners";
    private const string Kind = "purchase-offer";
    private PartnerCmsSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new PartnerCmsSite(database);
        await _site.RunRecipeAsync("second-partner.recipe.json");
        await _site.DeliverEventsAsync();
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    /// <summary>A JPEG of <paramref name="width"/>×<paramref name="height"/> with an Exif segment that names a place (metadata that must not survive).</summary>
    private static byte[] JpegWithExif(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x12, 0x32, 0x4f));
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawCircle(width / 2f, height / 2f, height / 3f, paint);
        }

        var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
        var exif = Encoding.ASCII.GetBytes("Exif\0\0GPS 52.5200N 13.4050E SECRET-LOCATION");
        var segment = new byte[] { 0xFF, 0xE1, (byte)((exif.Length + 2) >> 8), (byte)((exif.Length + 2) & 0xFF) };
        return [.. jpeg[..2], .. segment, .. exif, .. jpeg[2..]];
    }

    /// <summary>A PNG of random pixels (it does not compress): a large upload.</summary>
    private static byte[] NoisePng(int size)
    {
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var random = new Random(size);
        var pixels = new byte[size * size * 4];
        random.NextBytes(pixels);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private static Task<HttpResponseMessage> UploadAsync(PortalClient client, byte[] data, string name, string contentType, string? alt = "Our team at the Berlin office", string folder = "campaigns/spring")
    {
        var fields = new Dictionary<string, string> { ["folder"] = folder };
        if (alt is not null)
        {
            fields["altText"] = alt;
        }

        return client.PostMultipartAsync("/partner/media", fields, ("file", name, data, contentType), "/partner/media");
    }

    private static async Task<string> UploadedIdAsync(PortalClient client, byte[] data, string name = "team.jpg", string contentType = "image/jpeg", string alt = "Our team at the Berlin office")
    {
        var response = await UploadAsync(client, data, name, contentType, alt);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Not uploaded: {(int)response.StatusCode} {WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync())}");
        return response.Headers.Location!.OriginalString.Split('/')[^1];
    }

    private Task<MediaItem?> ItemAsync(string id) => _site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<MediaItem>().AcrossOrganizations("test").AsNoTracking().FirstOrDefaultAsync(m => m.Id == id));

    private Task<long> UsedAsync(string organizationId) => _site.AsSystemAsync(async sp =>
        (await sp.GetRequiredService<PartnerCmsDbContext>().Set<MediaQuota>().AcrossOrganizations("test").AsNoTracking().FirstOrDefaultAsync(q => q.OrganizationId == organizationId))?.UsedBytes ?? 0);

    private async Task SaveTemplateAsync(PortalClient marketing, string body, bool publish)
    {
        var latest = await _site.AsSystemAsync(async sp => (await sp.GetRequiredService<MessageTemplateService>().HistoryAsync(Contoso, Kind)).FirstOrDefault(v => v.Latest)?.Version ?? 0);
        var saved = await marketing.PostFormAsync($"/partner/templates/{Kind}", new Dictionary<string, string>
        {
            ["subject"] = "Offer {{ offer.quote_id }}",
            ["body"] = body,
            ["version"] = latest.ToString(CultureInfo.InvariantCulture),
        }, $"/partner/templates/{Kind}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        if (publish)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await marketing.PostFormAsync($"/partner/templates/{Kind}/publish", [], $"/partner/templates/{Kind}")).StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> SaveBrandingAsync(PortalClient marketing, string shareImageId)
    {
        var form = Integration.BrandingTests.Form();
        form["ShareImageId"] = shareImageId;
        return await marketing.PostMultipartAsync("/partner/branding", form, null, "/partner/branding");
    }

    [Fact]
    public async Task An_upload_is_checked_by_content_stored_without_metadata_at_standard_widths_and_served_with_a_years_caching_and_an_etag()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var jpeg = JpegWithExif(1500, 1000);
        var id = await UploadedIdAsync(marketing, jpeg);
        var (itemStatus, itemPage) = await marketing.GetPageAsync("/partner/media/" + id);
        using var visitor = _site.Anonymous();
        var resized = await visitor.GetAsync($"/media/{id}/640.jpg");
        var resizedBytes = await resized.Content.ReadAsByteArrayAsync();
        var original = await visitor.GetAsync($"/media/{id}/original.jpg");
        var originalBytes = await original.Content.ReadAsByteArrayAsync();
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/media/{id}/640.jpg");
        again.Headers.IfNoneMatch.Add(resized.Headers.ETag!);
        var revalidated = await visitor.Http.SendAsync(again);
        var notStored = await visitor.GetAsync($"/media/{id}/1920.jpg");
        var (_, searchHit) = await marketing.GetPageAsync("/partner/media?q=BERLIN");
        var (_, searchMiss) = await marketing.GetPageAsync("/partner/media?q=paris");
        var (_, folder) = await marketing.GetPageAsync("/partner/media?folder=campaigns%2Fspring");
        var item = (await ItemAsync(id))!;

        Assert.Equal(HttpStatusCode.OK, itemStatus);
        Assert.Equal(["320", "640", "1280"], HtmlPage.Parse(itemPage).QuerySelectorAll("[data-testid=files] a[data-width]").Select(a => a.GetAttribute("data-width")!));
        Assert.Equal(HttpStatusCode.OK, resized.StatusCode);
        Assert.Equal("image/jpeg", resized.Content.Headers.ContentType!.MediaType);
        Assert.Contains("max-age=31536000", resized.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.True(resized.Headers.CacheControl.Public);
        using (var decoded = SKBitmap.Decode(resizedBytes))
        {
            Assert.Equal((640, 427), (decoded.Width, decoded.Height));
        }

        using (var decoded = SKBitmap.Decode(originalBytes))
        {
            Assert.Equal((1500, 1000), (decoded.Width, decoded.Height));
        }

        Assert.True(jpeg.AsSpan().IndexOf("SECRET-LOCATION"u8) > 0, "The uploaded image carries no metadata to strip.");
        Assert.Equal(-1, originalBytes.AsSpan().IndexOf("SECRET-LOCATION"u8));
        Assert.Equal(-1, resizedBytes.AsSpan().IndexOf("SECRET-LOCATION"u8));
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notStored.StatusCode);
        Assert.Contains(id, searchHit, StringComparison.Ordinal);
        Assert.DoesNotContain(id, searchMiss, StringComparison.Ordinal);
        Assert.Contains(id, folder, StringComparison.Ordinal);
        Assert.Equal(("campaigns/spring", "team.jpg", "Our team at the Berlin office"), (item.Folder, item.Name, item.AltText));
        Assert.Equal(item.Length, await UsedAsync(Contoso));
    }

    [Fact]
    public async Task Hostile_uploads_and_input_are_refused_with_a_message_and_other_partners_and_other_roles_cannot_reach_the_library()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var png = Integration.BrandingTests.Png;
        var textAsPng = await UploadAsync(marketing, Encoding.UTF8.GetBytes("this is not an image"), "photo.png", "image/png");
        var script = await UploadAsync(marketing, Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"), "x.svg", "image/svg+xml");
        var handler = await UploadAsync(marketing, Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\" width=\"10\" height=\"10\"/>"), "x.svg", "image/svg+xml");
        var entity = await UploadAsync(marketing, Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>"), "x.svg", "image/svg+xml");
        var huge = (byte[])png.Clone();
        huge[16] = 0; huge[17] = 0; huge[18] = 0x27; huge[19] = 0x10; // width 10,000
        var tooWide = await UploadAsync(marketing, huge, "wide.png", "image/png");
        var noAlt = await UploadAsync(marketing, png, "dot.png", "image/png", alt: null);
        var nulAlt = await UploadAsync(marketing, png, "dot.png", "image/png", alt: "\0\0 ");
        var badFolder = await UploadAsync(marketing, png, "dot.png", "image/png", folder: "../../etc");
        var noFile = await marketing.PostMultipartAsync("/partner/media", new Dictionary<string, string> { ["altText"] = "x" }, null, "/partner/media");
        var id = await UploadedIdAsync(marketing, png, "dot.svg.png", "image/svg+xml", "A blue dot");
        var emptyAlt = await marketing.PostFormAsync("/partner/media/" + id, new Dictionary<string, string> { ["name"] = "dot.png", ["altText"] = "  ", ["folder"] = "" }, "/partner/media/" + id);
        var (_, listing) = await marketing.GetPageAsync("/partner/media?page=-5&q=+&folder=");
        var (nulQuery, _) = await marketing.GetPageAsync("/partner/media?q=%00&folder=%00");
        var (deepFolder, _) = await marketing.GetPageAsync("/partner/media?folder=" + string.Concat(Enumerable.Repeat("a/", 300)));

        using var woodgrove = await _site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var (foreignPage, _) = await woodgrove.GetPageAsync("/partner/media/" + id);
        var foreignDelete = await woodgrove.PostFormAsync($"/partner/media/{id}/delete", [], "/partner/media");
        var foreignEdit = await woodgrove.PostFormAsync("/partner/media/" + id, new Dictionary<string, string> { ["altText"] = "mine now" }, "/partner/media");
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var (salesStatus, _) = await sales.GetPageAsync("/partner/media");
        var (salesQuotas, _) = await sales.GetPageAsync("/admin/media");
        using var visitor = _site.Anonymous();
        var (anonymousLibrary, _) = await visitor.GetPageAsync("/partner/media");
        var (badId, _) = await visitor.GetPageAsync("/media/..%2F..%2Fetc/original.png");
        var (badWidth, _) = await visitor.GetPageAsync($"/media/{id}/-1.png");

        string Text(HttpResponseMessage r) => WebUtility.HtmlDecode(r.Content.ReadAsStringAsync().Result);
        foreach (var refused in new[] { textAsPng, script, handler, entity, tooWide, noAlt, nulAlt, badFolder, noFile, emptyAlt })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Contains("not a PNG, JPEG, WebP or SVG", Text(textAsPng), StringComparison.Ordinal);
        Assert.Contains("<script>, which an image may not", Text(script), StringComparison.Ordinal);
        Assert.Contains("'onload'", Text(handler), StringComparison.Ordinal);
        Assert.Contains("it may be at most 4096×4096", Text(tooWide), StringComparison.Ordinal);
        Assert.Contains("Alt text is required", Text(noAlt), StringComparison.Ordinal);
        Assert.Contains("control character", Text(nulAlt), StringComparison.Ordinal);
        Assert.Contains("may have letters, digits", Text(badFolder), StringComparison.Ordinal);
        Assert.Contains("Choose an image", Text(noFile), StringComparison.Ordinal);
        Assert.Contains("Alt text is required", Text(emptyAlt), StringComparison.Ordinal);
        Assert.Contains(id, listing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nulQuery);
        Assert.Equal(HttpStatusCode.OK, deepFolder);
        Assert.Equal("image/png", (await ItemAsync(id))!.ContentType);
        Assert.Equal("A blue dot", (await ItemAsync(id))!.AltText);
        Assert.Equal(HttpStatusCode.NotFound, foreignPage);
        Assert.Equal(HttpStatusCode.NotFound, foreignDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignEdit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, salesStatus);
        Assert.Equal(HttpStatusCode.Forbidden, salesQuotas);
        Assert.NotEqual(HttpStatusCode.OK, anonymousLibrary);
        Assert.Equal(HttpStatusCode.NotFound, badId);
        Assert.Equal(HttpStatusCode.NotFound, badWidth);
    }

    [Fact]
    public async Task An_image_in_a_template_or_the_share_preview_shows_its_usage_cannot_be_deleted_and_other_partners_images_print_nothing()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var id = await UploadedIdAsync(marketing, JpegWithExif(1500, 1000));
        using var woodgrove = await _site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var foreign = await UploadedIdAsync(woodgrove, JpegWithExif(400, 300), "woodgrove.jpg", alt: "Woodgrove's own picture");
        await SaveTemplateAsync(marketing, $"Hello,\nsee {{{{ \"{id}\" | media_url: 640 }}}} and {{{{ \"{foreign}\" | media_url }}}}.\n{{{{ offer.link }}}}", publish: true);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, Contoso, "RED-001"), [("INTUNE-P1", 3)]);
        var (_, offerPage) = await sales.GetPageAsync($"/partner/offers/{quote}");
        var (_, usedByTemplate) = await marketing.GetPageAsync("/partner/media/" + id);
        var refusedForTemplate = await marketing.PostFormAsync($"/partner/media/{id}/delete", [], "/partner/media/" + id);

        await SaveTemplateAsync(marketing, "Hello,\n{{ offer.link }}", publish: true);
        var foreignImage = await SaveBrandingAsync(marketing, foreign);
        var savedBranding = await SaveBrandingAsync(marketing, id);
        Assert.Equal(HttpStatusCode.Redirect, (await marketing.PostFormAsync("/partner/branding/publish", [], "/partner/branding")).StatusCode);
        var (_, usedByBranding) = await marketing.GetPageAsync("/partner/media/" + id);
        var refusedForBranding = await marketing.PostFormAsync($"/partner/media/{id}/delete", [], "/partner/media/" + id);
        using var visitor = _site.Anonymous();
        var landing = HtmlPage.Parse((await visitor.GetPageAsync(await LinkPathAsync(sales, quote))).Body);

        await SaveBrandingAsync(marketing, string.Empty);
        await marketing.PostFormAsync("/partner/branding/publish", [], "/partner/branding");
        var deleted = await marketing.PostFormAsync($"/partner/media/{id}/delete", [], "/partner/media/" + id);
        var (goneStatus, _) = await visitor.GetPageAsync($"/media/{id}/original.jpg");

        var message = WebUtility.HtmlDecode(offerPage);
        Assert.Contains($"/media/{id}/640.jpg", message, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign, message, StringComparison.Ordinal);
        Assert.Contains("Used by Message template", WebUtility.HtmlDecode(usedByTemplate), StringComparison.Ordinal);
        Assert.Equal("usage-heading", HtmlPage.Parse(usedByTemplate).QuerySelector("[data-testid=delete]")!.GetAttribute("aria-describedby"));
        Assert.Equal(HttpStatusCode.Conflict, refusedForTemplate.StatusCode);
        Assert.Contains("cannot be deleted: it is used by", WebUtility.HtmlDecode(await refusedForTemplate.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, foreignImage.StatusCode);
        Assert.Contains("not in your media library", WebUtility.HtmlDecode(await foreignImage.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, savedBranding.StatusCode);
        Assert.Contains("Landing page branding", WebUtility.HtmlDecode(usedByBranding), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, refusedForBranding.StatusCode);
        var image = landing.Head!.QuerySelector("meta[property='og:image']")?.GetAttribute("content");
        Assert.NotNull(image);
        Assert.True(Uri.TryCreate(image, UriKind.Absolute, out var imageUri), image);
        Assert.Equal($"/media/{id}/1280.jpg", imageUri!.AbsolutePath);
        Assert.Equal("Our team at the Berlin office", landing.Head.QuerySelector("meta[property='og:image:alt']")?.GetAttribute("content"));
        Assert.Equal("summary_large_image", landing.Head.QuerySelector("meta[name='twitter:card']")?.GetAttribute("content"));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, goneStatus);
        Assert.Equal(0, await UsedAsync(Contoso));
    }

    [Fact]
    public async Task An_offer_can_have_its_own_link_preview_title_description_and_image_and_a_foreign_image_or_long_title_is_refused()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var id = await UploadedIdAsync(marketing, JpegWithExif(1500, 1000), "spring.jpg", alt: "Spring \"offer\" <b>banner</b>");
        using var woodgrove = await _site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var foreign = await UploadedIdAsync(woodgrove, JpegWithExif(400, 300), "woodgrove.jpg", alt: "Woodgrove's own picture");
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(_site, Contoso, "RED-001");
        const string Title = "Spring deal \"for you\" <script>alert(1)</script>";
        async Task<HttpResponseMessage> OfferAsync(params (string Key, string Value)[] share)
        {
            var fields = Fields(("Step", "4"), ("OfficeId", office), ("UsageLocation", "US"), ("IncludesDelegatedAdministration", "false"), ("nav", "create"), ("Skus", "INTUNE-P1"), ("Licences[INTUNE-P1]", "3"));
            fields.AddRange(Fields(share));
            return await sales.PostFormAsync(Wizard("purchase"), fields, Wizard("purchase"));
        }

        var own = await OfferAsync(("ShareTitle", Title), ("ShareDescription", "Three months free"), ("ShareImageId", id));
        var plain = await OfferAsync();
        var foreignImage = await OfferAsync(("ShareImageId", foreign));
        var longTitle = await OfferAsync(("ShareTitle", new string('x', 71)));
        using var visitor = _site.Anonymous();
        var ownPage = HtmlPage.Parse((await visitor.GetPageAsync(await LinkPathAsync(sales, own.Headers.Location!.OriginalString.Split('/')[^1]))).Body);
        var plainPage = HtmlPage.Parse((await visitor.GetPageAsync(await LinkPathAsync(sales, plain.Headers.Location!.OriginalString.Split('/')[^1]))).Body);
        var (_, usage) = await marketing.GetPageAsync("/partner/media/" + id);
        var refused = await marketing.PostFormAsync($"/partner/media/{id}/delete", [], "/partner/media/" + id);

        static string? Meta(AngleSharp.Html.Dom.IHtmlDocument page, string selector) => page.Head!.QuerySelector(selector)?.GetAttribute("content");
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Equal(Title, Meta(ownPage, "meta[property='og:title']"));
        Assert.Equal("Three months free", Meta(ownPage, "meta[name=description]"));
        Assert.EndsWith($"/media/{id}/1280.jpg", Meta(ownPage, "meta[property='og:image']"), StringComparison.Ordinal);
        Assert.Equal("Spring \"offer\" <b>banner</b>", Meta(ownPage, "meta[property='og:image:alt']"));
        Assert.Equal("noindex, nofollow", Meta(ownPage, "meta[name=robots]"));
        Assert.Empty(ownPage.QuerySelectorAll("head script"));
        Assert.Equal("Contoso Partners", Meta(plainPage, "meta[property='og:title']"));
        Assert.Null(Meta(plainPage, "meta[property='og:image']"));
        Assert.Equal(HttpStatusCode.BadRequest, foreignImage.StatusCode);
        Assert.Contains("not in your media library", WebUtility.HtmlDecode(await foreignImage.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longTitle.StatusCode);
        Assert.Contains("At most 70 characters", WebUtility.HtmlDecode(await longTitle.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("Used by Offer", WebUtility.HtmlDecode(usage), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task The_operators_quota_refuses_an_upload_that_would_pass_it_even_when_two_race_for_the_last_room()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var noise = NoisePng(700);
        var first = await UploadedIdAsync(marketing, noise, "noise.png", "image/png", "Random noise");
        var length = (await ItemAsync(first))!.Length;
        Assert.Equal(HttpStatusCode.Redirect, (await marketing.PostFormAsync($"/partner/media/{first}/delete", [], "/partner/media")).StatusCode);
        using var @operator = await _site.SignInAsync(DemoUsers.Operator);
        var room = (long)Math.Ceiling(length * 1.5 / (1024 * 1024));
        Assert.True(room * 1024 * 1024 < 2 * length, "The test image is too small for the race.");

        var notANumber = await @operator.PostFormAsync("/admin/media/" + Contoso, new Dictionary<string, string> { ["megabytes"] = "lots" }, "/admin/media");
        var unknown = await @operator.PostFormAsync("/admin/media/nobody", new Dictionary<string, string> { ["megabytes"] = "5" }, "/admin/media");
        var byMarketing = await marketing.PostFormAsync("/admin/media/" + Contoso, new Dictionary<string, string> { ["megabytes"] = "100000" }, "/partner/media");
        var set = await @operator.PostFormAsync("/admin/media/" + Contoso, new Dictionary<string, string> { ["megabytes"] = room.ToString(CultureInfo.InvariantCulture) }, "/admin/media");
        var raced = await Task.WhenAll(UploadAsync(marketing, noise, "a.png", "image/png", "Noise A"), UploadAsync(marketing, noise, "b.png", "image/png", "Noise B"));
        var (_, quotas) = await @operator.GetPageAsync("/admin/media");

        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMarketing.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Single(raced, r => r.StatusCode == HttpStatusCode.Redirect);
        var full = Assert.Single(raced, r => r.StatusCode == HttpStatusCode.BadRequest);
        Assert.Contains("The library is full", WebUtility.HtmlDecode(await full.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(length, await UsedAsync(Contoso));
        Assert.Contains($"{room:N1} MB", HtmlPage.Parse(quotas).QuerySelector($"tr[data-organization={Contoso}]")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class MediaLibraryTestsOnSqlite() : MediaLibraryTests(TestDatabase.Sqlite);

public sealed class MediaLibraryTestsOnPostgres() : MediaLibraryTests(TestDatabase.Postgres);
