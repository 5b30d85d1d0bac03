using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Audit;

/// <summary>
/// The audit log as CSV (RFC 4180, CsvHelper), written row by row to the response: an export of a year's log never
/// sits in memory. UTF-8 with a byte-order mark, without which Excel reads Arabic as mojibake. Cells that a
/// spreadsheet would run as a formula (=, +, -, @ first) are escaped: a headline is not a command.
/// </summary>
public sealed class AuditCsv(AuditQuery query, SiteClock siteClock)
{
    private static readonly string[] Header = ["الوقت", "الشخص", "الإجراء", "رمز الإجراء", "نوع الهدف", "معرّف الهدف",
        "الهدف", "التفاصيل", "عنوان IP"];

    public async Task WriteAsync(AuditFilter filter, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            bufferSize: 16 * 1024, leaveOpen: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions =
            InjectionOptions.Escape };
        await using var csv = new CsvWriter(writer, configuration, leaveOpen: true);
        foreach (var name in Header) csv.WriteField(name);
        await csv.NextRecordAsync();
        var rows = 0;
        await foreach (var entry in query.StreamAsync(filter).WithCancellation(cancellationToken))
        {
            csv.WriteField(siteClock.ToLocal(entry.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(entry.UserName ?? "");
            csv.WriteField(AuditNames.Action(entry.Action));
            csv.WriteField(entry.Action);
            csv.WriteField(AuditNames.TargetType(entry.TargetType));
            csv.WriteField(entry.TargetId ?? "");
            csv.WriteField(entry.TargetLabel ?? "");
            csv.WriteField(entry.Detail ?? "");
            csv.WriteField(entry.Ip ?? "");
            await csv.NextRecordAsync();
            // Hands the bytes to the client as they come, in chunks, not at the end.
            if (++rows % 500 == 0) await csv.FlushAsync();
        }
        await csv.FlushAsync();
    }
}
