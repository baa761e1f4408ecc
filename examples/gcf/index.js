// The employee converter as a Google Cloud Function (Cloud Run functions), entry point `csv`.

import { handle } from '@csvfn/adapter-gcf';
import { createCsvHandler, employeeSchema } from '@csvfn/core';
import * as functions from '@google-cloud/functions-framework';

functions.http('csv', handle(createCsvHandler({ schema: employeeSchema })));
