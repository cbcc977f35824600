package dev.chat.privacy.web;

import dev.chat.api.rest.ExportView;
import dev.chat.privacy.boundary.AccountExports;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.InputStream;
import java.util.List;

/**
 * {@code /api/v1/users/me/export}: everything about the caller as a ZIP (docs/privacy.md,
 * "Export"), asked for, watched and downloaded by the caller only.
 */
@Path("users/me/export")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class ExportsResource {

    @Inject
    JsonWebToken caller;

    @Inject
    AccountExports exports;

    /** 202 with the export (being built: poll it); the one being built already if there is one. */
    @POST
    public Response request(@Context UriInfo uri) {
        ExportView export = exports.request(caller.getSubject());
        return Response.accepted(export).location(uri.getAbsolutePathBuilder().path(export.exportId()).build()).build();
    }

    @GET
    public List<ExportView> all() {
        return exports.views(caller.getSubject());
    }

    @GET
    @Path("{exportId}")
    public ExportView one(@PathParam("exportId") String exportId) {
        return exports.view(caller.getSubject(), exportId);
    }

    /** The ZIP; JSON accepted too, so that a client asking for JSON gets its refusal (404, 409) rather than a 406. */
    @GET
    @Path("{exportId}/download")
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    public Response download(@PathParam("exportId") String exportId) {
        AccountExports.Download download = exports.download(caller.getSubject(), exportId);
        StreamingOutput body = out -> {
            try (InputStream content = download.content()) {
                content.transferTo(out);
            }
        };
        return Response.ok(body, "application/zip").header("Content-Length", download.size())
                .header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"")
                .header("Cache-Control", "no-store").build();
    }
}
