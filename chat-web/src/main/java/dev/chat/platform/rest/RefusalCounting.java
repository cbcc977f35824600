package dev.chat.platform.rest;

import dev.chat.api.rest.ApiError;
import dev.chat.platform.metrics.Refusals;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts every error response of the REST API by its code ({@code chat_refusals_total{via="http"}}):
 * they all carry an {@link ApiError} ({@link ErrorResponses}), whether a mapper or a request
 * filter answered.
 */
@Provider
public class RefusalCounting implements ContainerResponseFilter {

    @Inject
    Refusals refusals;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof ApiError error) {
            refusals.refused(error.code(), Refusals.Via.HTTP);
        }
    }
}
