using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Momentary.Core.Rules;
using Momentary.Geo.Venues;
using Momentary.Host.Backtesting;
using Momentary.Host.Configuration;

namespace Momentary.Host.Marketers;

/// <summary>
/// The back-test form's upload: <c>multipart/form-data</c> with <c>rules</c> and <c>signals</c> (required),
/// <c>context</c> and <c>venues</c> (optional: none, and the venues file the engine runs on), replayed by the same
/// <see cref="Backtester"/> as <c>momentary rules backtest</c>. Bounded by <c>Marketers:MaxUploadBytes</c>; a broken
/// file is answered 422 with its located errors, never a 500.
/// </summary>
internal static class BacktestUpload
{
    public static async Task<IResult> RunAsync(HttpContext context, MomentaryOptions options)
    {
        var limit = options.Marketers.MaxUploadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (!context.Request.HasFormContentType)
        {
            return MarketersApi.Problem(StatusCodes.Status415UnsupportedMediaType, "send the files as multipart/form-data");
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException ? TooLarge(limit) : MarketersApi.Problem(StatusCodes.Status400BadRequest, "the upload could not be read");
        }

        if (form.Files["rules"] is not { Length: > 0 } rulesFile || form.Files["signals"] is not { Length: > 0 } signalsFile)
        {
            return MarketersApi.Problem(StatusCodes.Status400BadRequest, "a rules file and a signals file are needed");
        }

        VenueCatalog catalog;
        try
        {
            catalog = form.Files["venues"] is { Length: > 0 } venuesFile
                ? VenueCatalog.Parse(await TextOf(venuesFile).ConfigureAwait(false), venuesFile.FileName)
                : VenueCatalog.Load(options.VenuesFile);
        }
        catch (VenueFileException ex)
        {
            return MarketersApi.Problem(StatusCodes.Status422UnprocessableEntity, "the venues file is invalid", [ex.Message]);
        }

        if (!RuleBookLoader.TryParse(await TextOf(rulesFile).ConfigureAwait(false), Path.GetFileName(rulesFile.FileName), catalog.Venues, out var book, out var errors))
        {
            return MarketersApi.Problem(StatusCodes.Status422UnprocessableEntity, "the rules file is invalid", [.. errors.Select(e => e.ToString())]);
        }

        using var contextText = form.Files["context"] is { Length: > 0 } contextFile ? new StreamReader(contextFile.OpenReadStream()) : new StreamReader(Stream.Null);
        using var signals = new StreamReader(signalsFile.OpenReadStream());
        var report = await Backtester.RunAsync(book!, catalog, contextText, signals, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(BacktestAnswer.From(report), MarketersJson.Default.BacktestAnswer);
    }

    private static IResult TooLarge(long limit) =>
        MarketersApi.Problem(StatusCodes.Status413PayloadTooLarge, $"the upload is larger than {limit / 1024} KB (Momentary__Marketers__MaxUploadBytes)");

    private static async Task<string> TextOf(IFormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }
}
