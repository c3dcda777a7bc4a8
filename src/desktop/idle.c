/* The activity sources' dispatch: one destroy for every implementation. */
#include "desktop/idle.h"

void mb_idle_source_destroy(struct mb_idle_source *source)
{
	if (!source)
		return;
	source->impl->destroy(source);
}
