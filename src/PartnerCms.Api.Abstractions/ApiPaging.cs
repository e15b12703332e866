using System.Buffers.Text;
using System.Text;

namespace PartnerCms.Api.Abstractions;

/// <summary>A page of a list: its items and the cursor of the next page (null on the last).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Cursor paging: <c>?cursor=&amp;limit=</c>. A cursor is an opaque token of the last item's sort key; a limit is 1 to
/// <see cref="MaxLimit"/> (<see cref="DefaultLimit"/> when absent). Lists read <c>limit + 1</c> rows to know whether
/// there is a next page.
/// </summary>
public static class ApiPaging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The limit asked for, or a field error.</summary>
    public static (int Limit, IDictionary<string, string[]>? Errors) Limit(int? limit) => limit switch
    {
        null => (DefaultLimit, null),
        < 1 or > MaxLimit => (0, new Dictionary<string, string[]>(StringComparer.Ordinal) { ["limit"] = [$"Ask for 1 to {MaxLimit} items."] }),
        _ => (limit.Value, null),
    };

    public static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    /// <summary>The key in a cursor (null for the first page), or false when the cursor is not one of ours.</summary>
    public static bool TryDecode(string? cursor, out string? key)
    {
        key = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 400)
        {
            return false;
        }

        try
        {
            key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return key.Length > 0 && !key.Any(char.IsControl);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A cursor over rows by descending numeric id: the id after which the page starts (long.MaxValue for the first page), or false.</summary>
    public static bool TryDecodeId(string? cursor, out long afterId)
    {
        afterId = long.MaxValue;
        return TryDecode(cursor, out var key) && (key is null || long.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out afterId));
    }

    /// <summary>The page from <paramref name="rows"/> (read with <c>limit + 1</c>), with the cursor of its last item.</summary>
    public static ApiPage<TOut> Page<TRow, TOut>(IReadOnlyList<TRow> rows, int limit, Func<TRow, string> keyOf, Func<TRow, TOut> map)
    {
        var items = rows.Take(limit).ToList();
        return new ApiPage<TOut>(items.Select(map).ToList(), rows.Count > limit ? Encode(keyOf(items[^1])) : null);
    }

    public static IDictionary<string, string[]> BadCursor() =>
        new Dictionary<string, string[]>(StringComparer.Ordinal) { ["cursor"] = ["This cursor is not valid; use the nextCursor of the previous page."] };
}
