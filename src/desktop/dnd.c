/* The do-not-disturb sources' dispatch: one destroy for every implementation. */
#include "desktop/dnd.h"

void mb_dnd_source_destroy(struct mb_dnd_source *source)
{
	if (!source)
		return;
	source->impl->destroy(source);
}
